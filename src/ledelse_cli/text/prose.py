"""Normative prose: sentences, and which of them state a principle (modal verbs, "Vi + verb")."""

from __future__ import annotations

from collections import Counter

from .blocks import CLOSED, MD_HEADING, METADATA, TITLE_CHARS, Block, Draft, Line
from .segmenter_rules import SegmenterRules


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (the language layer's abbreviation-aware splitter)."""
    from .language import sentences

    end = len(text) if end is None else end
    return [(start + a, start + b) for a, b in sentences(text[start:end])]


def is_normative(sentence: str, rules: SegmenterRules) -> bool:
    """A sentence that says what leaders should do or what leadership is."""
    s = sentence.strip().strip("\"«»'")
    if len(s.split()) < 6 or rules.search(rules.non_normative, s):
        return False
    words = s.split()
    if rules.full(rules.normative_openers, words[0] + " " + words[1]):
        return True
    return rules.search(rules.normative_cues, s)


def prose_drafts(text: str, lines: list[Line], rules: SegmenterRules) -> list[Draft]:
    drafts = []
    section = None
    every = [text[a:b] for ln in lines if not ln.blank
             for a, b in sentence_spans(text, ln.start, ln.end)]
    we_prose = _we_prose(every, rules)
    for ln in lines:
        if ln.blank:
            continue
        if looks_like_heading(ln) and len(ln.stripped.split()) <= 12:
            section = clean_heading(ln.stripped)
            continue
        for s, e in sentence_spans(text, ln.start, ln.end):
            sentence = text[s:e]
            if not is_normative(sentence, rules) and not (
                we_prose and len(sentence.split()) >= 6 and _we(sentence, rules)
                and not rules.search(rules.non_normative, sentence.strip())
            ):
                continue
            s, e = _trim_quotes(text, s, e, rules)
            if e > s:
                drafts.append(Draft(None, (s, e), section))
    return drafts


def paragraph_drafts(text: str, blocks: list[Block], rules: SegmenterRules) -> list[Draft]:
    """Short paragraphs that each open with a statement of how we lead ("Ledere i staten skal
    …", "Vi leder med tillid …") or with what a value means ("Open betyr at …") are one
    principle each, when most paragraphs are such."""
    paras = [b for b in blocks if b.kind == "para" and len(b.text.split()) >= 6]
    statements, mixed = [], 0
    for b in paras:
        sentences = [text[x:y] for x, y in sentence_spans(text, *b.span)]
        if not sentences or len(sentences) > 6:
            continue
        norms = [is_normative(t, rules) for t in sentences]
        guiding = [n or _we(t, rules) for n, t in zip(norms, sentences, strict=True)]
        if guiding[0] or (rules.value_definition and rules.value_definition.match(sentences[0])):
            statements.append(b)
            mixed += sum(norms) >= 2 and not all(guiding)
    heading = _headings_over(blocks)
    if len(statements) < 0.5 * len(paras):
        # Around a page's chrome and background, a heading all of whose three or more
        # paragraphs are statements ("VERDIAR" over "Open betyr at …" paragraphs) holds them.
        per_para = Counter(heading.get(id(b)) for b in paras)
        per_statement = Counter(heading.get(id(b)) for b in statements)
        statements = [b for b in statements if (h := heading.get(id(b))) is not None
                      and per_para[h] == per_statement[h] >= 3]
    if len(statements) < 2 or 2 * mixed >= len(statements):
        # Most paragraphs mix two or more norms with background ("… skal du … Patienterne er
        # … Derfor er det vigtigt, at …"): each norm is a principle of its own (prose).
        return []
    return [Draft(None, b.span, None, role=_section_role(heading.get(id(b)), rules))
            for b in statements]


def _headings_over(blocks: list[Block]) -> dict[int, str]:
    """The heading text each block sits under (by ``id`` of the block), where it has one."""
    over: dict[int, str] = {}
    for b in blocks:
        if b.kind == "heading":
            for c in b.children:
                over[id(c)] = b.clean
    return over


def _section_role(heading: str | None, rules: SegmenterRules) -> str:
    """Whom paragraphs are about, from the heading over them: values under a values heading
    ("Værdigrundlag") that does not name leaders, expectations of employees under an employees
    heading, else leadership."""
    if heading is None:
        return "leadership"
    leaders = rules.leader_heading.fullmatch(heading)
    if rules.values_heading.fullmatch(heading) and not leaders:
        return "values"
    if rules.employee_heading.fullmatch(heading) and not leaders:
        return "employees"
    return "leadership"


def guides(paragraph: str, rules: SegmenterRules) -> bool:
    """A paragraph that says how we lead (a normative or "Vi …" sentence in it)."""
    return any(is_normative(paragraph[a:b], rules) or _we(paragraph[a:b], rules)
               for a, b in sentence_spans(paragraph))


def _we(sentence: str, rules: SegmenterRules) -> bool:
    """A sentence that opens "Vi …" / "Lederne …" (``we_statement``)."""
    return rules.we_statement.match(sentence.strip()) is not None


def _we_prose(sentences: list[str], rules: SegmenterRules) -> bool:
    """A document whose sentences mostly open "Vi …" / "Lederne …": such openings are norms."""
    long = [s for s in sentences if len(s.split()) >= 6]
    we = sum(1 for s in long if _we(s, rules))
    return bool(long) and we / len(long) >= rules.we_statement_share


def _trim_quotes(text: str, s: int, e: int, rules: SegmenterRules) -> tuple[int, int]:
    """Drop surrounding quote marks and a trailing attribution ("…," fortæller X)."""
    m = rules.attribution.search(text, s, e)
    if m and m.start() > s:
        e = m.start()
    while s < e and text[s] in "\"«'":
        s += 1
    while e > s and text[e - 1] in "\"»' ":
        e -= 1
    return s, e


def outside_aims(drafts: list[Draft], text: str, blocks: list[Block],
                 rules: SegmenterRules) -> list[Draft]:
    """Drafts not in a section whose heading holds no principles ("Vores mission", "Visjon",
    "Kontakt") or is a foreword's ("Forord"), not stating the organisation's own goals
    ("Østmark fylkeskommune skal kutte utslipp …") and not about the document or its values
    ("Plattformene bør drøftes i hver enhet", "Det er vigtigt, at de vedtagne værdier …"):
    such a paragraph or sentence presents the document, or says what it aims at or how it is
    used, not how we lead."""

    def text_of(d: Draft) -> str:  # without the bullet glyph a sentence may open with
        return text[d.span[0] : d.span[1]].lstrip(" \t•·*–-")

    spans = []
    for b in blocks:
        if b.kind == "heading" and (rules.full(rules.non_principle, b.clean) or (
                rules.foreword is not None and rules.foreword.fullmatch(b.clean))):
            last = b
            while last.children:
                last = last.children[-1]
            spans.append((b.span[0], last.span[1]))
    return [d for d in drafts if not any(a <= d.span[0] < z for a, z in spans)
            and not rules.organisation_subject.match(text_of(d))
            and not _names_collection(_first_sentence(text_of(d)), rules)]


def _first_sentence(paragraph: str) -> str:
    """The paragraph's first sentence (a sentence is its own)."""
    spans = sentence_spans(paragraph)
    return paragraph[spans[0][0] : spans[0][1]] if spans else paragraph


def _names_collection(sentence: str, rules: SegmenterRules) -> bool:
    """A sentence that names the values or the document anywhere ("Derfor er det vigtigt, at de
    vedtagne værdier og bestyrelsens arbejdsform passer sammen"): it speaks about them. Not one
    that says what we do ("Vi forsøger at være en tydelig ledelse, hvor medarbejderne kender
    vores værdier")."""
    if _we(sentence, rules):
        return False
    return any(m.start() == 0 or not sentence[m.start() - 1].isalnum()
               for m in rules.about_the_collection.finditer(sentence))


def looks_like_heading(line: Line) -> bool:
    """A line that can head what follows: a Markdown heading, or a short line that does not end
    a sentence («… for lite.» ends one too), and is no "Af: …" metadata line."""
    s = line.stripped
    if MD_HEADING.match(s):
        return True
    if METADATA.match(s):
        return False  # "Den: 07.03.2019 kl. 13:23", "Af: …"
    ends_ok = not CLOSED.search(s.rstrip("»\"”’")) or s.endswith(("...", "…"))
    return 0 < len(s) <= TITLE_CHARS and ends_ok


def clean_heading(s: str) -> str:
    """A heading line's text without its Markdown marks and box or bullet glyphs."""
    m = MD_HEADING.match(s)
    s = m.group(2) if m else s
    return s.lstrip("■□▪●• ").strip()
