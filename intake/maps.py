"""The map of signal locations, the areas where a group is active and its hang-out places
(issue 20; the figure of locations and municipalities of §4.1.5 is the model). Only what
the user may see: the signals of `Signal.objects.visible_to(user)`, the groups of
`YouthGroup.objects.visible_to(user)`. Group level: a signal carries no personal data, so
nothing is logged.

The page draws the points on tiles with Leaflet when a tile server is configured
(settings.MAP_TILE_URL) and on a plain grid (an SVG made here) when not; the table of the
same points is always there."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from groups.models import YouthGroup

from .models import Signal

MAX_POINTS = 2000  # the most recent; a map of more says nothing more


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    location: str
    area: str
    day: str
    impact: str
    group: str
    url: str

    def as_json(self) -> dict:
        return self.__dict__.copy()


@dataclass(frozen=True)
class Area:
    name: str
    signals: int
    lat: float | None
    lon: float | None


@dataclass
class MapData:
    points: list[Point] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    without_place: int = 0  # visible signals without coordinates
    hangouts: list[tuple[str, list[str]]] = field(default_factory=list)  # (group, places)
    more: bool = False  # only the most recent MAX_POINTS are drawn

    @property
    def bounds(self):
        if not self.points:
            return None
        lats, lons = [p.lat for p in self.points], [p.lon for p in self.points]
        return min(lats), min(lons), max(lats), max(lons)


def groups_for(user):
    return YouthGroup.objects.visible_to(user).order_by("name")


def map_data(user, group: YouthGroup | None = None) -> MapData:
    signals = Signal.objects.visible_to(user).select_related("group")
    if group is not None:
        signals = signals.filter(group=group)
    placed = signals.filter(latitude__isnull=False, longitude__isnull=False).order_by("-observed_at")
    rows = list(placed[: MAX_POINTS + 1])
    data = MapData(more=len(rows) > MAX_POINTS, without_place=signals.filter(latitude__isnull=True).count())
    by_area: dict[str, list[Point]] = defaultdict(list)
    for s in rows[:MAX_POINTS]:
        point = Point(
            lat=float(s.latitude),
            lon=float(s.longitude),
            location=s.location,
            area=s.area,
            day=timezone.localtime(s.observed_at).strftime("%d-%m-%Y"),
            impact=s.get_impact_display(),
            group=s.group.name if s.group_id else "",
            url=reverse("intake:detail", args=[s.pk]),
        )
        data.points.append(point)
        by_area[s.area].append(point)
    counts = Counter(signals.exclude(area="").values_list("area", flat=True))
    for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        pts = by_area.get(name, [])
        lat = sum(p.lat for p in pts) / len(pts) if pts else None
        lon = sum(p.lon for p in pts) / len(pts) if pts else None
        data.areas.append(Area(name, n, lat, lon))
    groups = [group] if group is not None else list(groups_for(user))
    data.hangouts = [(g.name, places(g.locations)) for g in groups if g.locations.strip()]
    return data


def places(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]


# --- the plot without tiles --------------------------------------------------------------------

WIDTH, HEIGHT, MARGIN = 640, 420, 40


@dataclass(frozen=True)
class Plot:
    """Points projected on a grid (equirectangular; a town is small enough)."""

    width: int
    height: int
    dots: list[tuple[str, str, Point]]  # (x, y, point) in SVG units
    areas: list[tuple[str, str, Area]]
    grid_x: list[tuple[str, str]]  # (x, longitude label)
    grid_y: list[tuple[str, str]]


def plot(data: MapData) -> Plot | None:
    bounds = data.bounds
    if bounds is None:
        return None
    south, west, north, east = bounds
    pad_lat, pad_lon = max((north - south) * 0.1, 0.002), max((east - west) * 0.1, 0.002)
    south, north, west, east = south - pad_lat, north + pad_lat, west - pad_lon, east + pad_lon
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    # Strings, not floats: a template in Dutch would write "12,5", which SVG does not read.
    def x(lon) -> str:
        return f"{MARGIN + (lon - west) / (east - west) * inner_w:.1f}"

    def y(lat) -> str:
        return f"{MARGIN + (north - lat) / (north - south) * inner_h:.1f}"

    steps = 4
    grid_x = [
        (x(west + (east - west) * i / steps), f"{west + (east - west) * i / steps:.3f}")
        for i in range(steps + 1)
    ]
    grid_y = [
        (y(south + (north - south) * i / steps), f"{south + (north - south) * i / steps:.3f}")
        for i in range(steps + 1)
    ]
    return Plot(
        WIDTH,
        HEIGHT,
        [(x(p.lon), y(p.lat), p) for p in data.points],
        [(x(a.lon), y(a.lat), a) for a in data.areas if a.lat is not None],
        grid_x,
        grid_y,
    )
