"""The group's picture as a sociogram on a given day: members as nodes (plus/min/mee from
their latest assessment up to that day, sized by influence, leaders marked), ties as
edges. Drawn server-side as SVG so it works without JavaScript; the page also shows the
same data as a table (the text alternative).

Layout: a deterministic force-directed layout (Fruchterman–Reingold), so the same data
gives the same picture and members keep roughly their place between days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import MembershipStatus

WIDTH, HEIGHT, MARGIN = 760, 520, 60
DYNAMIC_ORDER = {"plus": 0, "mee": 1, "min": 2, "": 3}
SYMBOLS = {"plus": "+", "min": "−", "mee": "=", "": "?"}


@dataclass
class Node:
    membership: object
    dynamic: str = ""  # plus | min | mee | "" (not assessed by then)
    influence: int = 0
    is_leader: bool = False
    assessed_on: date | None = None
    note: str = ""
    x: float = 0.0
    y: float = 0.0
    ties: list = field(default_factory=list)

    @property
    def tie_descriptions(self) -> list[str]:
        """The ties in words, for the table: 'leider van …', 'volgt …', 'vriendschap met …'."""
        out = []
        for tie, other, outgoing in self.ties:
            name = other.membership.person.full_name
            if tie.kind == "leider_volger":
                out.append((_("leider van %(name)s") if outgoing else _("volgt %(name)s")) % {"name": name})
            else:
                out.append(
                    _("%(kind)s met %(name)s") % {"kind": tie.get_kind_display().lower(), "name": name}
                )
        return out

    @property
    def radius(self) -> int:
        return 10 + 4 * (self.influence or 1)

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.dynamic]

    @property
    def shape(self) -> str:
        return {"plus": "circle", "min": "square", "mee": "diamond"}.get(self.dynamic, "circle")

    @property
    def diamond_points(self) -> str:
        r = self.radius
        return f"{self.x:.1f},{self.y - r:.1f} {self.x + r:.1f},{self.y:.1f} {self.x:.1f},{self.y + r:.1f} {self.x - r:.1f},{self.y:.1f}"

    @property
    def label_y(self) -> str:
        return f"{self.y + self.radius + 14:.1f}"

    @property
    def symbol_y(self) -> str:
        return f"{self.y + 6:.1f}"

    @property
    def cx(self) -> str:
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"

    @property
    def square_x(self) -> str:
        return f"{self.x - self.radius:.1f}"

    @property
    def square_y(self) -> str:
        return f"{self.y - self.radius:.1f}"

    @property
    def size(self) -> int:
        return 2 * self.radius


@dataclass
class Edge:
    tie: object
    source: Node
    target: Node

    def _trimmed(self):
        # From the edge of one shape to the edge of the other, so an arrowhead stays visible.
        s, t = self.source, self.target
        dx, dy = t.x - s.x, t.y - s.y
        dist = math.hypot(dx, dy) or 1.0
        ux, uy = dx / dist, dy / dist
        return (
            s.x + ux * s.radius,
            s.y + uy * s.radius,
            t.x - ux * (t.radius + 3),
            t.y - uy * (t.radius + 3),
        )

    @property
    def x1(self) -> str:
        return f"{self._trimmed()[0]:.1f}"

    @property
    def y1(self) -> str:
        return f"{self._trimmed()[1]:.1f}"

    @property
    def x2(self) -> str:
        return f"{self._trimmed()[2]:.1f}"

    @property
    def y2(self) -> str:
        return f"{self._trimmed()[3]:.1f}"


@dataclass
class Picture:
    on: date
    nodes: list[Node]
    edges: list[Edge]
    moments: list[date]  # the days on which assessments or ties changed

    @property
    def counts(self) -> dict[str, int]:
        counts = {"plus": 0, "min": 0, "mee": 0, "": 0}
        for n in self.nodes:
            counts[n.dynamic] += 1
        return counts

    @property
    def unassessed(self) -> int:
        return self.counts[""]

    @property
    def leaders(self) -> list[Node]:
        return [n for n in self.nodes if n.is_leader]

    width: int = WIDTH
    height: int = HEIGHT


def state_on(case, on: date) -> Picture:
    """The members and ties as they were at the end of `on`."""
    end_of_day = timezone.make_aware(datetime.combine(on, time.max))
    memberships = list(
        case.memberships.exclude(status=MembershipStatus.REMOVED)
        .select_related("person")
        .prefetch_related("assessments")
        .order_by("pk")
    )
    ties = list(case.ties.order_by("since", "pk"))
    active_ties = [t for t in ties if t.since <= on and (t.until is None or t.until > on)]
    tied = {t.source_id for t in active_ties} | {t.target_id for t in active_ties}
    nodes, moments = [], set()
    for m in memberships:
        history = sorted(m.assessments.all(), key=lambda a: (a.assessed_on, a.pk))
        moments.update(a.assessed_on for a in history)
        latest = [a for a in history if a.assessed_on <= on]
        if not latest and m.pk not in tied and m.added_at > end_of_day:
            continue  # not yet known on that day
        node = Node(membership=m)
        if latest:
            a = latest[-1]
            node.dynamic, node.influence, node.is_leader = a.dynamic, a.influence, a.is_leader
            node.assessed_on, node.note = a.assessed_on, a.note
        nodes.append(node)
    by_membership = {n.membership.pk: n for n in nodes}
    edges = []
    for tie in ties:
        moments.add(tie.since)
        if tie.until:
            moments.add(tie.until)
        source, target = by_membership.get(tie.source_id), by_membership.get(tie.target_id)
        if tie in active_ties and source and target:
            edge = Edge(tie=tie, source=source, target=target)
            edges.append(edge)
            source.ties.append((tie, target, True))
            target.ties.append((tie, source, False))
    height = drawing_height(len(nodes))
    layout(nodes, edges, height=height)
    return Picture(on=on, nodes=nodes, edges=edges, moments=sorted(moments, reverse=True), height=height)


def drawing_height(count: int) -> int:
    """Taller drawings for larger groups, so members keep room for their names."""
    return min(1600, max(HEIGHT, 32 * count))


def layout(nodes: list[Node], edges: list[Edge], iterations: int = 300, height: int = HEIGHT) -> None:
    """Fruchterman–Reingold in drawing coordinates, from a fixed start (a circle, ordered
    plus → mee → min), with a pull to the centre so loose members and separate clusters
    stay close; then overlaps (shape plus its label) are pushed apart. Deterministic."""
    n = len(nodes)
    if n == 0:
        return
    left, top = MARGIN, MARGIN
    right, bottom = WIDTH - MARGIN, height - MARGIN - 20
    cx, cy = (left + right) / 2, (top + bottom) / 2
    if n == 1:
        nodes[0].x, nodes[0].y = cx, cy
        return
    start = sorted(range(n), key=lambda i: (DYNAMIC_ORDER[nodes[i].dynamic], nodes[i].membership.pk))
    radius = min(right - left, bottom - top) / 2.4
    pos = [[0.0, 0.0] for _ in range(n)]
    for k_, i in enumerate(start):
        angle = 2 * math.pi * k_ / n
        pos[i] = [cx + radius * math.cos(angle), cy + radius * math.sin(angle)]
    index = {id(node): i for i, node in enumerate(nodes)}
    links = [(index[id(e.source)], index[id(e.target)]) for e in edges]
    k = 0.8 * math.sqrt((right - left) * (bottom - top) / n)
    temperature = (right - left) / 8

    def clamp(i):
        pos[i][0] = min(max(pos[i][0], left), right)
        pos[i][1] = min(max(pos[i][1], top), bottom)

    for _iteration in range(iterations):
        disp = [[0.0, 0.0] for _i in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                dist = max(math.hypot(dx, dy), 1.0)
                force = k * k / dist
                fx, fy = dx / dist * force, dy / dist * force
                disp[i][0] += fx
                disp[i][1] += fy
                disp[j][0] -= fx
                disp[j][1] -= fy
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = max(math.hypot(dx, dy), 1.0)
            force = dist * dist / k
            fx, fy = dx / dist * force, dy / dist * force
            disp[a][0] -= fx
            disp[a][1] -= fy
            disp[b][0] += fx
            disp[b][1] += fy
        for i in range(n):
            disp[i][0] -= (pos[i][0] - cx) * 0.6
            disp[i][1] -= (pos[i][1] - cy) * 0.6
            length = math.hypot(*disp[i]) or 1.0
            step = min(length, temperature)
            pos[i][0] += disp[i][0] / length * step
            pos[i][1] += disp[i][1] / length * step
            clamp(i)
        temperature = max(temperature * 0.97, 1.0)
    # Push overlapping members apart: the shape plus room for the name below it.
    room = [max(nodes[i].radius + 16, len(nodes[i].membership.person.full_name) * 3.4 + 6) for i in range(n)]
    for _round in range(120):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                dist = math.hypot(dx, dy)
                need = room[i] + room[j]
                if dist < need:
                    if dist < 1e-6:
                        dx, dy, dist = 1.0, 0.0, 1.0
                    push = (need - dist) / 2
                    ux, uy = dx / dist, dy / dist
                    pos[i][0] -= ux * push
                    pos[i][1] -= uy * push
                    pos[j][0] += ux * push
                    pos[j][1] += uy * push
                    clamp(i)
                    clamp(j)
                    moved = True
        if not moved:
            break
    for node, (x, y) in zip(nodes, pos, strict=True):
        node.x, node.y = x, y
