"""The copy graph on cluster and statement pages: arrows only where the
direction is known, never behind a box, never sharing a head."""

from __future__ import annotations

import re

from datasette.app import Datasette
from fixtures.databases import Said, Story, add_stories

from provenance.site.metadata import build_metadata
from provenance.site.pictures import NODE_H, NODE_W, copy_graph
from provenance.site.serve import SETTINGS


def _variant(article_id: int, outlet: str, published: str | None = None, wire: str | None = None) -> dict:
    return {"article_id": article_id, "outlet": outlet, "published": published, "wire": wire}


def _edge(copier: int, copied: int, known: bool = True) -> dict:
    return {
        "from_article_id": copier,
        "to_article_id": copied,
        "via": None,
        "evidence": "test",
        "direction_known": int(known),
        "copier_outlet": "",
        "source_outlet": "",
    }


def _points(path: str) -> list[tuple[float, float]]:
    """Points along an SVG path of M, L and C commands."""
    out: list[tuple[float, float]] = []
    here = (0.0, 0.0)
    for cmd, args in re.findall(r"([MLC])([^MLC]*)", path):
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        pts = list(zip(nums[::2], nums[1::2]))
        if cmd == "M":
            here = pts[0]
        elif cmd == "L":
            for p in pts:
                out += [(here[0] + (p[0] - here[0]) * t / 20, here[1] + (p[1] - here[1]) * t / 20) for t in range(21)]
                here = p
        else:
            (x1, y1), (x2, y2), (x3, y3) = pts
            for i in range(21):
                t = i / 20
                a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
                out.append((a * here[0] + b * x1 + c * x2 + d * x3, a * here[1] + b * y1 + c * y2 + d * y3))
            here = (x3, y3)
    return out


def test_arrows_never_run_behind_a_box_nor_share_a_head():
    # a wire carried by three articles; one copies another, and a late copier
    # copies the first of them across a column
    variants = [
        _variant(1, "Harbour Radio", "2024-01-01", "Reuters"),
        _variant(2, "Valley Post", "2024-01-02", "Reuters"),
        _variant(3, "Hill News", "2024-01-03", "Reuters"),
        _variant(4, "Coast Daily", "2024-01-04"),
        _variant(5, "Lake Herald", "2024-01-05"),
    ]
    graph = copy_graph(variants, [_edge(4, 1), _edge(5, 4), _edge(5, 1), _edge(3, 2)])
    boxes = [(n.x, n.y) for n in graph.nodes]
    heads = []
    for e in graph.edges:
        pts = _points(e.path)
        assert pts
        for x, y in pts:
            for bx, by in boxes:
                assert not (bx < x < bx + NODE_W and by < y < by + NODE_H), (e.source, e.target, x, y)
            assert 0 <= x <= graph.width and 0 <= y <= graph.height
        heads.append(tuple(round(v) for v in pts[-1]))
    assert len(set(heads)) == len(heads)


def test_an_edge_of_unknown_direction_is_drawn_without_an_arrowhead():
    variants = [_variant(1, "Daily Lantern", "2024-01-01"), _variant(2, "Radio Kestrel")]
    (edge,) = copy_graph(variants, [_edge(2, 1, known=False)]).edges
    assert not edge.directed and edge.label == "same wording"


async def test_the_cluster_page_draws_no_arrow_where_nothing_tells_who_copied_whom(tmp_path):
    remark = "The ferry to the islands will run twice a day from June, and the fares will not go up this year."
    db = tmp_path / "ferry.db"
    add_stories(
        db,
        [
            Story("Daily Lantern", [Said(remark, "Ana Ruiz")], published="2024-05-02"),
            Story("Radio Kestrel", [Said(remark, "Ana Ruiz")]),
        ],
    )
    ds = Datasette([str(db)], metadata=build_metadata("ferry"), settings=SETTINGS)
    html = (await ds.client.get("/-/cluster/ferry/1")).text
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "undirected" in svg and 'marker-end="url(#arrow)"' not in svg
    assert "direction unknown" in html
    data = (await ds.client.get("/-/cluster/ferry/1.json")).json()
    assert data["edges"][0]["direction_known"] == 0
