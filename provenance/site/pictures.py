"""The pictures of a cluster or statement page, laid out here as numbers
and drawn as SVG by the templates (so every label is escaped): a graph of
who copied whom, and a timeline of first appearances."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..check import time_order


def _date(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


NODE_W, NODE_H, COL_GAP, ROW_GAP, PAD = 190, 46, 90, 18, 16
LEFT = PAD + COL_GAP // 2  # room left of the first column for edges that come round into it
LANE_GAP = 14  # between the lanes under the boxes that edges skipping a column run along
HEAD = 6  # an arrowhead's room before its box


@dataclass
class Node:
    key: str
    label: str
    sublabel: str
    kind: str  # "article" or "wire"
    order: tuple = ()
    article_id: int | None = None
    x: int = 0
    y: int = 0


@dataclass
class Edge:
    source: str
    target: str
    label: str
    title: str
    dashed: bool = False
    directed: bool = True  # False: the same wording, who copied whom unknown (drawn without an arrowhead)
    path: str = ""
    label_x: float = 0
    label_y: float = 0


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = 0
    height: int = 0


def _short(text: str | None, n: int = 26) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def copy_graph(variants: list[dict[str, Any]], edges: list[dict[str, Any]]) -> Graph:
    """Who copied whom: one node per article (and per wire they carry),
    arrows from the copied to the copier, columns by generation."""
    graph = Graph()
    nodes: dict[str, Node] = {}
    for v in variants:
        key = f"a{v['article_id']}"
        if key not in nodes:
            nodes[key] = Node(
                key,
                _short(v["outlet"] or "unknown outlet"),
                f"article {v['article_id']} \u00b7 {v['published'] or 'date unknown'}",
                "article",
                time_order(v["published"], v["article_id"]),
                v["article_id"],
            )
        if v["wire"]:
            wkey = f"w{v['wire']}"
            nodes.setdefault(wkey, Node(wkey, _short(v["wire"]), "wire or agency", "wire", (False, "", -1)))
            graph.edges.append(Edge(wkey, key, "", f"{v['outlet'] or 'this article'} carries {v['wire']} copy", True))
    seen_pairs = {(e.source, e.target) for e in graph.edges}
    for e in edges:
        pair = (f"a{e['to_article_id']}", f"a{e['from_article_id']}")
        if pair in seen_pairs or pair[0] not in nodes or pair[1] not in nodes:
            continue
        seen_pairs.add(pair)
        directed = e.get("direction_known") != 0
        graph.edges.append(
            Edge(
                *pair,
                f"via {e['via']}" if e["via"] else "copied" if directed else "same wording",
                e["evidence"],
                directed=directed,
            )
        )
    # generations: longest path from a node nothing flows into (bounded, so a cycle cannot loop)
    depth = dict.fromkeys(nodes, 0)
    for _ in range(len(nodes)):
        changed = False
        for e in graph.edges:
            if depth[e.target] < depth[e.source] + 1 <= len(nodes):
                depth[e.target] = depth[e.source] + 1
                changed = True
        if not changed:
            break
    columns: dict[int, list[Node]] = defaultdict(list)
    for key, node in nodes.items():
        columns[depth[key]].append(node)
    for col, members in sorted(columns.items()):
        for row, node in enumerate(sorted(members, key=lambda n: n.order)):
            node.x = LEFT + col * (NODE_W + COL_GAP)
            node.y = PAD + row * (NODE_H + ROW_GAP)
    graph.nodes = list(nodes.values())
    n_cols = max(columns) + 1 if columns else 0
    n_rows = max((len(m) for m in columns.values()), default=0)
    bottom = PAD + n_rows * NODE_H + max(n_rows - 1, 0) * ROW_GAP
    lanes = _route(graph.edges, nodes, bottom)
    graph.width = max(LEFT + n_cols * NODE_W + max(n_cols - 1, 0) * COL_GAP + COL_GAP // 2, 320)
    graph.height = bottom + PAD + lanes * LANE_GAP
    return graph


def _route(edges: list[Edge], nodes: dict[str, Node], bottom: int) -> int:
    """Paths that never cross a box and never share an arrowhead: each edge
    leaves its source's right side and enters its target's left side at a
    port of its own (ports spread along the side); an edge to the next
    column curves through the gap between the two; any other runs down the
    gap after its source, along a lane of its own under every box, and up
    the gap before its target. Returns the number of lanes used."""
    outs: dict[str, list[Edge]] = defaultdict(list)
    ins: dict[str, list[Edge]] = defaultdict(list)
    for e in edges:
        outs[e.source].append(e)
        ins[e.target].append(e)

    def ports(side: dict[str, list[Edge]], other: str) -> dict[int, float]:
        at: dict[int, float] = {}
        for key, group in side.items():
            node = nodes[key]
            group.sort(key=lambda e: (nodes[getattr(e, other)].y, nodes[getattr(e, other)].x))
            for i, e in enumerate(group):
                at[id(e)] = node.y + NODE_H * (i + 1) / (len(group) + 1)
        return at

    start_y, end_y = ports(outs, "target"), ports(ins, "source")
    lanes = 0
    for e in edges:
        a, b = nodes[e.source], nodes[e.target]
        x1, y1 = a.x + NODE_W, start_y[id(e)]
        x2, y2 = b.x - HEAD, end_y[id(e)]
        if b.x - a.x == NODE_W + COL_GAP:  # the next column: through the gap between them
            mid = (x1 + x2) / 2
            e.path = f"M{x1},{y1:.1f} C{mid},{y1:.1f} {mid},{y2:.1f} {x2},{y2:.1f}"
            e.label_x, e.label_y = mid, (y1 + y2) / 2 - 4
            continue
        lane = bottom + (lanes + 1) * LANE_GAP
        lanes += 1
        out_x, in_x = x1 + COL_GAP / 3, b.x - COL_GAP / 3
        e.path = f"M{x1},{y1:.1f} L{out_x},{y1:.1f} L{out_x},{lane} L{in_x},{lane} L{in_x},{y2:.1f} L{x2},{y2:.1f}"
        e.label_x, e.label_y = (out_x + in_x) / 2, lane - 3
    return lanes


@dataclass
class TimelineRow:
    label: str
    sublabel: str
    date: str | None
    x: float | None
    y: int
    quote_id: int


@dataclass
class Timeline:
    rows: list[TimelineRow]
    width: int
    height: int
    axis_x0: int
    axis_x1: int
    ticks: list[tuple[float, str]]


def timeline(variants: list[dict[str, Any]], width: int = 760) -> Timeline:
    """First appearance of the wording in each article, placed on a date
    axis; undated articles are listed after the dated ones."""
    first: dict[int, dict[str, Any]] = {}
    for v in variants:  # variants come in time order
        first.setdefault(v["article_id"], v)
    label_w, right_w, row_h, top = 230, 90, 24, 30
    x0, x1 = label_w, width - right_w
    dates = [d for d in (_date(v["published"]) for v in first.values()) if d]
    lo, hi = (min(dates), max(dates)) if dates else (None, None)
    span = (hi - lo).days if dates else 0
    rows = []
    for i, v in enumerate(first.values()):
        d = _date(v["published"])
        if d is None:
            x = None
        elif span == 0:
            x = (x0 + x1) / 2
        else:
            x = x0 + (x1 - x0) * (d - lo).days / span
        rows.append(
            TimelineRow(
                _short(v["outlet"] or "unknown outlet", 30),
                f"article {v['article_id']}",
                v["published"],
                x,
                top + i * row_h,
                v["id"],
            )
        )
    ticks = []
    if dates:
        ticks = [(x0, lo.isoformat())] if span == 0 else [(x0, lo.isoformat()), (x1, hi.isoformat())]
    return Timeline(rows, width, top + len(rows) * row_h + 10, x0, x1, ticks)
