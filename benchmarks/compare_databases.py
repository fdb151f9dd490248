"""Compare what a user sees in two provenance databases, ids aside: the
articles (by text), their quotes with speaker, cue and credited medium, the
cluster and statement partitions, origins, statement rows and copy edges.
Used to show that a change of code changes no result.

    python benchmarks/compare_databases.py A.db B.db   # identical/DIFFERENT per section; exit 1 if any differs
    python benchmarks/compare_databases.py A.db        # a digest per section
"""

import hashlib
import sqlite3
import sys


def load(path):
    db = sqlite3.connect(path)
    art = {
        aid: hashlib.sha1((text or "").encode()).hexdigest()[:12]
        for aid, text in db.execute("select id, text from articles")
    }
    meta = sorted(
        (art[aid], title, outlet, pub, url, wire)
        for aid, text, title, outlet, pub, url, wire in db.execute(
            "select a.id, a.text, a.title, o.name, a.published, a.url, s.name from articles a "
            "left join outlets o on o.id=a.outlet_id left join sources s on s.id=a.wire_source_id"
        )
    )
    qkey = {}
    quotes = []
    for qid, aid, start, text, kind, sp, mention, cue, cred, cmention in db.execute(
        "select q.id, q.article_id, q.start, q.text, q.kind, sp.name, q.speaker_mention, q.cue, cs.name, q.credited_mention "
        "from quotes q left join speakers sp on sp.id=q.speaker_id left join sources cs on cs.id=q.credited_source_id"
    ):
        k = (art[aid], start)
        qkey[qid] = k
        quotes.append((k, text, kind, sp, mention, cue, cred, cmention))
    quotes.sort(key=repr)
    clusters = {}
    for qid, cid in db.execute("select id, cluster_id from quotes"):
        clusters.setdefault(cid, []).append(qkey[qid])
    cluster_part = sorted(tuple(sorted(v)) for v in clusters.values())
    cl_rep = {cid: min(v) for cid, v in clusters.items()}
    stmts = {}
    for cid, sid in db.execute("select id, statement_id from clusters"):
        if cid in cl_rep:
            stmts.setdefault(sid, []).append(cl_rep[cid])
    stmt_part = sorted(tuple(sorted(v)) for v in stmts.values())
    origins = sorted(
        (cl_rep.get(cid), qkey.get(oq), ws, ev, qc, ac, fp)
        for cid, oq, ws, ev, qc, ac, fp in db.execute(
            "select c.id, c.origin_quote_id, s.name, c.origin_evidence, c.quote_count, c.article_count, c.first_published "
            "from clusters c left join sources s on s.id=c.wording_source_id"
        )
        if cid in cl_rep
    )
    st_rows = sorted(
        (qkey.get(fq), sp, ps, label, ev, cc, qc)
        for fq, sp, ps, label, ev, cc, qc in db.execute(
            "select st.first_quote_id, sp.name, s.name, st.label, st.evidence, st.cluster_count, st.quote_count "
            "from statements st left join speakers sp on sp.id=st.speaker_id left join sources s on s.id=st.primary_source_id"
        )
    )
    edges = sorted(
        (art[f], art[t], cl_rep.get(c), via, ev, round(conf, 6))
        for f, t, c, via, ev, conf in db.execute(
            "select e.from_article_id, e.to_article_id, e.cluster_id, s.name, e.evidence, e.confidence "
            "from copy_edges e left join sources s on s.id=e.via_source_id"
        )
    )
    return {
        "articles": meta,
        "quotes": quotes,
        "clusters": cluster_part,
        "statements": stmt_part,
        "origins": origins,
        "statement_rows": st_rows,
        "copy_edges": edges,
    }


def main():
    a = load(sys.argv[1])
    if len(sys.argv) == 2:
        for k, v in a.items():
            print(k, len(v), hashlib.sha1(repr(v).encode()).hexdigest()[:12])
        return 0
    b = load(sys.argv[2])
    bad = 0
    for k in a:
        sa, sb = set(map(repr, a[k])), set(map(repr, b[k]))
        same = sa == sb and len(a[k]) == len(b[k])
        print(
            f"{k:15} {'identical' if same else 'DIFFERENT'}  A={len(a[k])} B={len(b[k])} only-A={len(sa - sb)} only-B={len(sb - sa)}"
        )
        if not same:
            bad = 1
            for x in list(sa - sb)[:3]:
                print("   -", x[:300])
            for x in list(sb - sa)[:3]:
                print("   +", x[:300])
    return bad


sys.exit(main())
