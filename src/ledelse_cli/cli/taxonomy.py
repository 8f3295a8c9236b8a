"""`ledelse taxonomy`: the concept tree, or the framework points' concept profiles, with labels
in the chosen language."""

from __future__ import annotations

import enum
from typing import Annotated, Any

import typer

from ..base import settings
from .app import Format, FormatOpt, MappingsOpt, command
from .output import print_json, print_renderable


class Lang(enum.StrEnum):
    da = "da"
    nb = "nb"
    nn = "nn"
    en = "en"


LangOpt = Annotated[Lang, typer.Option("--lang", "-l", help="Language of the labels.")]
CuesOpt = Annotated[
    bool, typer.Option("--cues/--no-cues", help="Show each concept's cue words (table only).")
]
TargetsOpt = Annotated[
    bool,
    typer.Option(
        "--targets",
        help="Show each framework point's reviewed concept profile (target_profiles.yaml).",
    ),
]


@command(
    "taxonomy",
    "Show the canonical concepts as a tree, with labels in one language.",
    "ledelse taxonomy --lang nb",
)
def taxonomy_cli(
    lang: LangOpt = Lang.da,
    cues: CuesOpt = False,
    targets: TargetsOpt = False,
    mappings: MappingsOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    from ..knowledge.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(settings.mappings_dir(mappings))
    if targets:
        _targets(taxonomy, settings.mappings_dir(mappings), lang.value, fmt)
        return
    if fmt == Format.json:
        print_json(
            {
                "lang": lang.value,
                "source": taxonomy.path,
                "sha256": taxonomy.sha256,
                "groups": [
                    {
                        **g.to_dict(),
                        "label": g.label(lang.value),
                        "concepts": [c.id for c in taxonomy.in_group(g.id)],
                    }
                    for g in taxonomy.groups
                ],
                "concepts": [
                    {**c.to_dict(), "label": c.label(lang.value)} for c in taxonomy.concepts
                ],
            }
        )
        return
    print_renderable(_tree(taxonomy, lang.value, cues))


def _tree(taxonomy: Any, lang: str, show_cues: bool) -> Any:
    """A rich Tree: groups, their concepts (label and id), related concepts and cues."""
    from rich.text import Text
    from rich.tree import Tree

    title, noun = {
        "da": ("Taksonomi", "begreber"),
        "nb": ("Taksonomi", "begreper"),
        "nn": ("Taksonomi", "omgrep"),
        "en": ("Taxonomy", "concepts"),
    }[lang]
    root = Tree(Text(f"{title} ({len(taxonomy)} {noun})", style="bold"))
    branches: list[tuple[str, str | None]] = [(g.label(lang), g.id) for g in taxonomy.groups]
    if any(c.group is None for c in taxonomy.concepts) or not branches:
        branches.append(("—", None))
    # Cues exist for da/nb/nn; English readers see the Danish ones.
    cue_lang = lang if lang in ("da", "nb", "nn") else "da"
    for label, group_id in branches:
        members = taxonomy.in_group(group_id)
        if not members:
            continue
        branch = root.add(Text(label, style="bold"))
        for c in members:
            node = branch.add(Text.assemble((c.label(lang), "bold"), f"  [{c.id}]"))
            if c.related:
                related = ", ".join(taxonomy.get(r).label(lang) for r in c.related)
                node.add(Text(f"→ {related}", style="dim"))
            if show_cues:
                node.add(Text(", ".join(c.cues.get(cue_lang) or ()), style="italic"))
    return root


def _targets(taxonomy: Any, mappings: Any, lang: str, fmt: Format) -> None:
    """Every profiled framework's points: title, concept profile (labels in ``lang``) and the
    words readers link to the point, where the profiles file gives them."""
    from ..knowledge.alignment import load_config
    from ..knowledge.frameworks import load_frameworks
    from ..knowledge.profiles import load_profiles

    profiles = load_profiles(mappings)
    frameworks = [fw for fw in load_frameworks(mappings).values() if fw.id in profiles.frameworks()]
    models = {m.target: m for m in load_config(mappings).models}
    if fmt == Format.json:
        print_json(
            {
                "lang": lang,
                "source": profiles.path,
                "sha256": profiles.sha256,
                "frameworks": [
                    {
                        "id": fw.id,
                        "title": fw.title,
                        "lang": fw.lang,
                        "points": [
                            {
                                "id": f"{fw.id}/{p.number}",
                                **p.to_dict(),
                                "concepts": [
                                    {**c.to_dict(), "label": taxonomy.get(c.concept).label(lang)}
                                    for c in profiles.get(f"{fw.id}/{p.number}").concepts
                                ],
                                "words": list(profiles.words.get(f"{fw.id}/{p.number}", ())),
                                **({"reader_model": [
                                    {"word": _named(k, taxonomy, lang), "weight": w}
                                    for k, w in model.top_words(f"{fw.id}/{p.number}")]}
                                   if (model := models.get(fw.id)) else {}),
                            }
                            for p in fw.points
                        ],
                    }
                    for fw in frameworks
                ],
            }
        )
        return
    from rich.console import Group

    print_renderable(Group(*(_targets_table(fw, profiles, taxonomy, lang, models.get(fw.id))
                             for fw in frameworks)))


def _named(key: str, taxonomy: Any, lang: str) -> str:
    """A reader model's key for people: a concept ("C:tillid") by its label, a word as it is."""
    return taxonomy.get(key[2:]).label(lang) if key.startswith("C:") else key


def _targets_table(framework: Any, profiles: Any, taxonomy: Any, lang: str,
                   model: Any = None) -> Any:
    """One framework: per point a row with its title, then a row per profile concept."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{framework.id}: {framework.title}", title_justify="left")
    table.add_column("point", no_wrap=True)
    table.add_column("title / concepts", overflow="fold")
    table.add_column("weight", justify="right", no_wrap=True)
    for point in framework.points:
        profile = profiles.get(f"{framework.id}/{point.number}")
        table.add_row(profile.point_id, Text(point.title, style="bold"), "")
        words = profiles.words.get(profile.point_id, ())
        for i, c in enumerate(profile.concepts):
            table.add_row(
                "",
                Text.assemble(
                    "  ", taxonomy.get(c.concept).label(lang), (f" [{c.concept}]", "dim")
                ),
                f"{c.weight:.1f}",
                end_section=i == len(profile.concepts) - 1 and not words,
            )
        pulls = model.top_words(profile.point_id) if model else []
        if words:
            table.add_row("", Text(f"  words: {', '.join(words)}", style="italic"), "",
                          end_section=not pulls)
        if pulls:
            named = ", ".join(f"{_named(k, taxonomy, lang)} {w:+.2f}" for k, w in pulls)
            table.add_row("", Text(f"  readers' model: {named}", style="italic"), "",
                          end_section=True)
    return table
