"""Print the coverage gaps of a city's or county's liaison plan (and of its counties' plans)."""

from django.core.management.base import BaseCommand, CommandError

from liaison.queries import gaps
from organisations.models import Region, RegionLevel


class Command(BaseCommand):
    help = "列出包联方案的覆盖缺口：无领导包联的县（区）、乡镇（街道）、部门，以及未包联的领导"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="市或县（区）的区划代码，如 130700")

    def handle(self, *args, region, **options):
        place = Region.objects.filter(code=region).first()
        if place is None:
            raise CommandError(f"区划代码 {region} 不存在")
        if place.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
            raise CommandError(f"{place.name}不是市或县（区）：包联方案按市、县（区）制定")
        total = self._print(place)
        if place.level == RegionLevel.CITY:
            for county in (
                place.children.filter(level=RegionLevel.COUNTY, children__isnull=False)
                .distinct()
                .order_by("code")
            ):
                total += self._print(county)
        self.stdout.write(f"共 {total} 处缺口" if total else "全覆盖：没有缺口")
        return None

    def _print(self, place) -> int:
        result = gaps(place)
        below = "县（区）" if place.level == RegionLevel.CITY else "乡镇（街道）"
        self.stdout.write(f"{place.name}（{place.code}）包联方案")
        lines = [
            *(f"  无领导包联的{below}：{r.name}（{r.code}）" for r in result.uncovered_regions),
            *(f"  无领导包联的部门：{u.name}" for u in result.uncovered_departments),
            *(
                f"  未包联{below}的领导：{p.person.name}（{p.unit.name}{p.title}）"
                for p in result.idle_leaders
            ),
            *(
                f"  未按分工包联部门的政府领导：{p.person.name}（{p.title}）"
                for p in result.leaders_without_department
            ),
        ]
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write("  无缺口")
        return result.count
