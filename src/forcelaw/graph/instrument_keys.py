"""Which instrument each mention and quoted provision of a profile is: the keys the parser gave
them, made the state's (its name dropped), another state's left out, and years told apart.

The parser does not know which state a profile is about, nor which of two laws of one name a
bare mention means; here both are settled with the whole profile in view.
"""

from __future__ import annotations

import re
from dataclasses import replace

from forcelaw.graph import uris
from forcelaw.graph.state_names import StateNames
from forcelaw.graph.states import StateList
from forcelaw.profile.records import InstrumentMention, Profile, ProvisionRecord

_KEYWORDS = frozenset(
    {"law", "act", "code", "decree", "ordinance", "regulations", "loi", "lei", "ley", "decret"}
)
# A key that ends with its year: a short title ("police-act-1996") or a law numbered within
# its year ("law-no-107-of-2013", which a bare "Law No. 107" beside it is).
_DATED = re.compile(r"^(?P<base>.+?)(?:-of)?-(?P<year>\d{4})$")
# A law numbered over a year of two digits, as its key has it: "royal-decree-no-35-90".
_SHORT_YEAR = re.compile(r"^(?P<base>.+-no-\d{1,5})-(?P<year>\d{2})$")
# What a name says its instrument is of, to its end or to what it is on: "Criminal Code of
# Nigeria", "Law of Ghana on the Police".
_OF = re.compile(r"\sof\s+(?=[A-Z]|the\s+[A-Z])")
_ON = re.compile(r"\s+on\s+")


def instrument_keys(
    profile: Profile, state_name: str, states: StateList, own_codes: frozenset[str] = frozenset()
) -> Profile:
    """``profile`` with its instruments' keys as the graph mints them (``aliased_keys``, then
    ``own_keys``, then ``dated_keys``)."""
    return dated_keys(short_years(own_keys(aliased_keys(profile), state_name, states, own_codes)))


def aliased_keys(profile: Profile) -> Profile:
    """``profile`` with another name a law is given in brackets ("Law No. 31012 of 2020 (the
    Police Protection Law)") keyed as that law, wherever the profile uses it; a name given to
    two laws stays its own."""
    targets: dict[str, set[str]] = {}
    for mention in profile.instruments:
        if mention.same_as is not None and mention.same_as != mention.key:
            targets.setdefault(mention.key, set()).add(mention.same_as)
    aliases = {key: next(iter(found)) for key, found in targets.items() if len(found) == 1}
    if not aliases:
        return profile
    return replace(
        profile,
        instruments=tuple(
            replace(m, key=aliases.get(m.key, m.key), place=None, own_key=None)
            if m.key in aliases
            else m
            for m in profile.instruments
        ),
        provisions=tuple(
            replace(p, instrument=aliases.get(p.instrument, p.instrument))
            for p in profile.provisions
        ),
    )


def own_keys(
    profile: Profile,
    state_name: str,
    states: StateList | None = None,
    own_codes: frozenset[str] = frozenset(),
) -> Profile:
    """``profile`` with the state's name dropped from its instruments' keys: the "Criminal Code
    of Ghana" and the "Criminal Code" of Ghana's profile are one instrument (the parser does not
    know which state a profile is about); an instrument of another state ("the Constitution of
    Guinea-Bissau" in Guinea's profile) is left out, with the provisions quoted from it: it is
    not the state's, and its state's graph is not this one. So is one "of" a state of
    ``states`` whose code is not among ``own_codes`` (the state's): "the Criminal Code of
    Nigeria" in Niger's profile."""
    names = StateNames.of(state_name)
    # "of Bolivia" as "of the Plurinational State of Bolivia", either apostrophe (slugs differ)
    places = {uris.slugify(f) for form in names.forms for f in (form, form.replace("'", "’"))}
    suffixes = sorted(
        (f"-of-{the}{place}" for place in places for the in ("", "the-")), key=len, reverse=True
    )
    keys: dict[str, str | None] = {}
    foreign_titles: set[str] = set()
    parts: set[str] = set()  # the keys of instruments of a part of the state
    for mention in profile.instruments:
        if states is not None and _of_another_state(mention.name, names, states, own_codes):
            keys[mention.key] = None
            continue
        if states is not None and _opens_with_another_state(mention.name, names, states, own_codes):
            keys[mention.key] = None  # "the British Columbia Police Act" in Britain's profile
            continue
        adjective = _adjective_code(mention, states) if states is not None else None
        if adjective is not None and adjective not in own_codes:
            keys[mention.key] = None  # "the French Penal Code", "the Spanish law, Ley ..."
            if states is not None and (
                bare := uris.slugify(states.without_adjective(mention.name))
            ):
                # "the Police Act 1967" after "the Malaysian Police Act 1967": a short title
                # with its year names one law, the other state's
                foreign_titles |= {bare} if _DATED.match(bare) else set()
            continue
        if adjective is not None and states is not None and states.by_adjective(mention.name):
            # "the Kazakh Criminal Code" is the "Criminal Code" of Kazakhstan's profile
            bare = uris.slugify(states.without_adjective(mention.name))
            keys[mention.key] = None if bare in _KEYWORDS or not bare else bare
            continue
        if mention.place is None or mention.own_key is None:
            continue
        if mention.own_key in _KEYWORDS:
            keys[mention.key] = None  # "the Law of the Republic of Kazakhstan": which law?
        elif (
            names.names(mention.place)
            or (states is not None and states.code(mention.place) in own_codes)
            or not names.other_state(mention.place)
        ):
            # the state's by a name the manifest gives it or one the list of states does
            # ("São Tomé and Príncipe" for the manifest's "Sao Tome and Principe")
            keys[mention.key] = mention.own_key
        elif states is not None and _part_of_the_state(mention.place, names, states, own_codes):
            # "the Constitution of the State of Texas", "of Zanzibar": a part's, in the state
            keys[mention.key] = mention.key
            parts.add(mention.key)
        else:
            keys[mention.key] = None

    keys |= dict.fromkeys(foreign_titles)

    def own(key: str) -> str | None:
        if key in keys:
            return keys[key]
        for suffix in suffixes:
            if key.endswith(suffix) and len(key) > len(suffix):
                bare = key.removesuffix(suffix)
                # "the Law of Ukraine 'On the National Police'": which law is not in the name
                return None if bare in _KEYWORDS else bare
            if f"{suffix}-on-" in key:  # "Law of Georgia on Police" is the "Law on Police"
                return key.replace(suffix, "", 1)
        return key

    return replace(
        profile,
        instruments=tuple(
            replace(m, key=key, kind=_part_kind(m.kind) if m.key in parts else m.kind)
            for m in profile.instruments
            if (key := own(m.key)) is not None
        ),
        provisions=tuple(
            replace(p, instrument=key)
            for p in profile.provisions
            if (key := own(p.instrument)) is not None
        ),
    )


def _opens_with_another_state(
    name: str, names: StateNames, states: StateList, own: frozenset[str]
) -> bool:
    """Whether ``name`` opens with the name of another state or of a part of one: "the Kenya
    Police Act" in Uganda's profile, "the Dominican Republic Police Law" in Dominica's, "the
    British Columbia Police Act" anywhere but Canada's. Another state's name that is also a
    part's of this one ("the Georgia Police Act" in the United States' profile) may be either's,
    as "the Criminal Code of Niger" in Nigeria's: not said to be the state's."""
    opening = states.opening(name)
    return opening is not None and opening[0] not in own and not names.within(opening[1])


def _part_of_the_state(
    place: str, names: StateNames, states: StateList, own: frozenset[str]
) -> bool:
    """Whether ``place``, not the state's name, is a part of the state: no state of the list, a
    part by what the text says of it (``StateNames.part``), and not a part of another state
    alone ("the State of Texas" in Mexico's profile; "Zanzibar" in Tanzania's is its own)."""
    if states.code(place) is not None or not names.part(place):
        return False
    elsewhere = states.whose_part(place)
    return not elsewhere or bool(elsewhere & own)


def _part_kind(kind: str) -> str:
    """The kind of a part of the state's instrument: its constitution is not the state's."""
    return "subnational-constitution" if kind == "constitution" else kind


def _of_another_state(name: str, names: StateNames, states: StateList, own: frozenset[str]) -> bool:
    """Whether ``name`` says its instrument is of a state that is not the profile's: the first
    "of" a state follows decides ("of the Democratic Republic of the Congo" is not "of the
    Congo")."""
    for of in _OF.finditer(name):
        place = _ON.split(name[of.end() :], maxsplit=1)[0]
        if names.names(place):
            return False
        code = states.code(place)
        if code is not None:
            return code not in own
    return False


def _adjective_code(mention: InstrumentMention, states: StateList) -> str | None:
    """The state an adjective says the mention's law is of: the first words of its name
    ("French Penal Code") or the adjective beside it ("the Spanish law, Ley Orgánica 4/2015")."""
    code = states.by_adjective(mention.name)
    if code is None and mention.adjective is not None:
        code = states.by_adjective(mention.adjective)
    return code


def short_years(profile: Profile) -> Profile:
    """``profile`` with a law numbered over a year of two digits ("Royal Decree No. 35/90") keyed
    as the one law of its name and number the profile writes with the year whole ("Royal Decree
    No. 35/1990", "No. 35 of 1990"): one decree. Without one, or with two ("35/1920" and
    "35/2020" beside "35/20"), which year it means is not said, and it stays as written."""
    keys = {m.key for m in profile.instruments} | {p.instrument for p in profile.provisions}
    aliases: dict[str, str] = {}
    for key in keys:
        short = _SHORT_YEAR.match(key)
        if short is None:
            continue
        whole = {
            f"{short.group('base')}-of-{century}{short.group('year')}" for century in ("19", "20")
        } & keys
        if len(whole) == 1:
            aliases[key] = whole.pop()
    if not aliases:
        return profile
    return replace(
        profile,
        instruments=tuple(replace(m, key=aliases.get(m.key, m.key)) for m in profile.instruments),
        provisions=tuple(
            replace(p, instrument=aliases.get(p.instrument, p.instrument))
            for p in profile.provisions
        ),
    )


def titled(mention: InstrumentMention) -> bool:
    """Whether the mention's year is part of its key: a short title ("Police Act 1990 (NSW)")."""
    return mention.year is not None and f"-{mention.year}-" in f"-{mention.key}-"


def dated_keys(profile: Profile) -> Profile:
    """Keys that tell laws of one name apart by year. Mentions of one key with different years
    ("the 1979 Constitution", "the 1999 Constitution") are different instruments: each year its
    own key, a provision that of the year its citation gives (a bare mention stays on the bare
    key: which one it means is not said). A bare key whose name exists as one short title with
    its year ("the Police Act" beside the "Police Act 1996") is that title."""
    years: dict[str, set[str]] = {}
    for mention in profile.instruments:
        if mention.year and not titled(mention):
            years.setdefault(mention.key, set()).add(mention.year)
    split = {key for key, found in years.items() if len(found) > 1}
    titles: dict[str, set[str]] = {}
    for mention in profile.instruments:
        dated = _DATED.match(mention.key)
        if dated is not None and dated.group("year") == mention.year:
            titles.setdefault(dated.group("base"), set()).add(mention.key)
    aliases = {
        base: next(iter(keys))
        for base, keys in titles.items()
        if len(keys) == 1 and base not in years
    }

    def mention_key(mention: InstrumentMention) -> str:
        if mention.key in split and mention.year:
            return f"{mention.key}-{mention.year}"
        return aliases.get(mention.key, mention.key)

    def provision_key(record: ProvisionRecord) -> str:
        if record.instrument in split:
            for mention in profile.instruments:
                cited = mention.key == record.instrument and record.cited_by.contains(mention.span)
                if cited and mention.year:
                    return f"{mention.key}-{mention.year}"
            return record.instrument
        return aliases.get(record.instrument, record.instrument)

    return replace(
        profile,
        instruments=tuple(replace(m, key=mention_key(m)) for m in profile.instruments),
        provisions=tuple(replace(p, instrument=provision_key(p)) for p in profile.provisions),
    )
