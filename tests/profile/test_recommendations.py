"""A body's recommendation in its own words, read after its name: the phrasings UN bodies and
courts use, and none inside someone else's words or of another subject."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forcelaw.profile.statements import recommends


@pytest.mark.parametrize(
    "words",
    [
        " called on Borealia to conduct a prompt, impartial and effective investigation.",
        " recommended that the State party investigate all deaths.",
        " recommends that the State party adopt a law on the use of force.",
        " urged the State party to ensure that force is used only as a last resort.",
        " called upon the authorities to refrain from the use of firearms.",
        " requested the Government to report back within one year.",
        " requested that the officers be suspended.",
        " called for an independent investigation.",
        " also recommended the adoption of a law on police oversight.",
        " strongly urged Borealia to prosecute those responsible.",
        " expressed concern about the killings and urged the State party to investigate them.",
        " (CAT) recommended that the State party investigate all deaths in custody.",
        ", noting reports of killings in custody, recommended that the State party act.",
        ", in its concluding observations, urged the State party to investigate the deaths.",
        ", while noting that the Ombudsman had recommended reforms, urged Borealia to act.",
        ", deeply concerned by the deaths, called on the authorities to prosecute officers.",
    ],
)
def test_a_body_s_own_recommendation(words: str) -> None:
    assert recommends(words)


@pytest.mark.parametrize(
    "words",
    [
        " noted that the Ombudsman had recommended that police be retrained.",
        " held that the police had urged the crowd to disperse.",
        " found that the State had called on the army to intervene.",
        " reported that the Government requested that protesters disperse.",
        " expressed concern at reports that the police urged officers to shoot.",
        " requested information on the number of deaths.",
        " welcomed the recommendation of the Ombudsman.",
        " expressed concern about the use of force by the police.",
        " considered the complaint, which the Ombudsman had recommended be heard.",
        " found a violation of the right to life.",
        " (the Ombudsman had recommended it) found a violation.",
        ", noting that the Ombudsman had recommended that police be retrained.",
        ", noting that the Ombudsman recommended that police be retrained, found a violation.",
        ", noting reports; the Ombudsman, in 2019, recommended that police be retrained.",
    ],
)
def test_no_recommendation_of_the_author(words: str) -> None:
    assert not recommends(words)


@given(st.text(max_size=300))
def test_any_text_is_read_without_error(words: str) -> None:
    assert recommends(words) in (True, False)
