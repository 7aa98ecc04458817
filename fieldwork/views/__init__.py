"""Pages of the team's own work: preparation and meetings, gathering (requests, interviews, site visits,
findings), the feedback report and the archive."""
