"""The entity co-occurrence graph (entities named in the same sentence) as GEXF 1.3 and GraphML, for Gephi."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from xml.etree import ElementTree as ET

from .. import __version__


def cooccurrence(mentions: Iterable[tuple[str, str, int]], sentences: dict[str, list]) -> Counter:
    """Counts of (entity, entity) pairs named in the same sentence. `mentions` are (entity id, article id,
    start offset); `sentences` maps an article to its [start, end] sentence spans (an article without them
    counts as one sentence). Pairs are sorted so (a, b) and (b, a) are one edge."""
    units: dict[tuple[str, int], set[str]] = {}
    starts = {a: [s for s, _ in spans] for a, spans in sentences.items()}
    for entity, article, start in mentions:
        idx = bisect_right(starts.get(article, []), start) - 1
        units.setdefault((article, idx), set()).add(entity)
    pairs: Counter = Counter()
    for members in units.values():
        for a, b in combinations(sorted(members), 2):
            pairs[(a, b)] += 1
    return pairs


def dossier_graph(dossier: dict) -> tuple[list[dict], list[tuple[str, str, int]]]:
    """Nodes (id, name, type, mentions) and weighted edges of the dossier's entities."""
    sentences = {a["id"]: a.get("sentences") or [] for a in dossier.get("articles", [])}
    entities = dossier.get("entities", [])
    pairs = cooccurrence(((e["id"], m["article"], m["start"]) for e in entities for m in e["mentions"]), sentences)
    nodes = [{"id": e["id"], "name": e["name"], "type": e["type"], "mentions": len(e["mentions"])} for e in entities]
    return nodes, [(a, b, w) for (a, b), w in sorted(pairs.items())]


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_gexf(dossier: dict) -> str:
    nodes, edges = dossier_graph(dossier)
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": dossier.get("generated_at", "")[:10]})
    ET.SubElement(meta, "creator").text = f"recoupe {__version__}"
    ET.SubElement(meta, "description").text = "Entities named in the same sentence (edge weight: sentences)"
    graph = ET.SubElement(root, "graph", {"mode": "static", "defaultedgetype": "undirected"})
    attrs = ET.SubElement(graph, "attributes", {"class": "node"})
    ET.SubElement(attrs, "attribute", {"id": "type", "title": "type", "type": "string"})
    ET.SubElement(attrs, "attribute", {"id": "mentions", "title": "mentions", "type": "integer"})
    xml_nodes = ET.SubElement(graph, "nodes")
    for n in nodes:
        node = ET.SubElement(xml_nodes, "node", {"id": n["id"], "label": n["name"]})
        values = ET.SubElement(node, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "type", "value": n["type"]})
        ET.SubElement(values, "attvalue", {"for": "mentions", "value": str(n["mentions"])})
    xml_edges = ET.SubElement(graph, "edges")
    for i, (a, b, w) in enumerate(edges):
        ET.SubElement(xml_edges, "edge", {"id": str(i), "source": a, "target": b, "weight": str(w)})
    return _xml(root)


def render_graphml(dossier: dict) -> str:
    nodes, edges = dossier_graph(dossier)
    root = ET.Element("graphml", {"xmlns": "http://graphml.graphdrawing.org/xmlns"})
    for key, target, name, kind in (("name", "node", "name", "string"), ("type", "node", "type", "string"),
                                    ("mentions", "node", "mentions", "int"), ("weight", "edge", "weight", "int")):
        ET.SubElement(root, "key", {"id": key, "for": target, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", {"id": "entities", "edgedefault": "undirected"})
    for n in nodes:
        node = ET.SubElement(graph, "node", {"id": n["id"]})
        for key in ("name", "type", "mentions"):
            ET.SubElement(node, "data", {"key": key}).text = str(n[key])
    for i, (a, b, w) in enumerate(edges):
        edge = ET.SubElement(graph, "edge", {"id": f"c{i}", "source": a, "target": b})
        ET.SubElement(edge, "data", {"key": "weight"}).text = str(w)
    return _xml(root)
