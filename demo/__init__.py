"""The demo world of the five seed documents: regions, units, groups, people, accounts and inspections,
and each loop replayed through the real workflow (`manage.py load_demo`). Nothing in the product imports
this app; a deployment may leave it out of INSTALLED_APPS."""
