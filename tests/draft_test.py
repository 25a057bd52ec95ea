"""`followup draft`: message drafts filled in from the timeline, for each kind of action."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from cli_support import (
    EXAMPLE_TIMELINE,
    assert_one_error_line,
    invoke,
    pending,
    recommendations,
    run_json,
)

from engine.commands import draft as cmd

AS_OF = "2026-11-21"
AS_OF_DATE = dt.date(2026, 11, 21)
PACKS = ["clue-wagon", "career-pivot", "mason-group", "3x3-networking", "wise-job-search"]
APPS = ["acme-pm", "globex-analyst", "hooli-eng", "initech-ba", "umbrella-network"]
CANDIDATE = ("Sam Rivera", "sam.rivera@example.com", "+1 312 555 0142")
FILES = Path(__file__).resolve().parent / "example-files"


def draft(pack: str, app: str, *extra: str, timeline: Path = EXAMPLE_TIMELINE) -> str:
    result = invoke(
        ["draft", str(timeline), "--pack", pack, "--application", app, "--as-of", AS_OF, *extra]
    )
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr == ""
    return result.stdout


def section(text: str, rule: str) -> str:
    """The part of the output about one rule's recommendation."""
    parts = [p for p in text.split("=" * 78 + "\n") if f"[{rule}]" in p.splitlines()[0]]
    assert len(parts) == 1, text
    return parts[0]


def test_clue_wagon_post_interview_email_to_dana() -> None:
    text = section(draft("clue-wagon", "acme-pm"), "post-interview-email")
    assert "Email to Dana Whitfield <dana@acme.example>" in text
    assert "Subject: Following up: Product Manager interview" in text
    assert "Dear Dana," in text
    assert "meeting with me on Tuesday, November 17 about the Product Manager position" in text
    assert "decision by Friday, November 20" in text
    assert "have you made your decision?" in text  # the pack's "ask whether they have decided"
    assert "Acme Corp" in text
    assert "interview 2026-11-17 with Dana Whitfield" in text  # the facts used, in ISO dates
    assert "decision expected by 2026-11-20" in text
    assert "Best regards,\nSam Rivera\nsam.rivera@example.com | +1 312 555 0142" in text
    assert "  [ ] Ask whether they have made their decision." in text
    assert 'Source: "If you’ve actually had an interview' in text


def test_3x3_first_call_is_a_three_part_voicemail_script() -> None:
    text = section(draft("3x3-networking", "globex-analyst"), "first-call")
    assert "Phone script (if you reach voicemail, leave the same message)" in text
    assert "to Hank Scorpio (hiring manager)" in text and "or Marge Bouvier (HR)" in text
    assert "Hello, this is Sam Rivera, calling for Hank Scorpio about the Data Analyst " in text
    lines = text.splitlines()
    one = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    busy, received, chances = lines[one : one + 3]
    assert busy.startswith("1. I know you are busy") and "a lot of responses" in busy
    assert received.startswith("2. I applied on Monday, November 16")
    assert "received my application and resume" in received
    assert chances == "3. Is there anything I could do to improve my chances for this opportunity?"
    assert "You can reach me at +1 312 555 0142." in text
    assert "  [ ] Leave the same three-part message if you reach voicemail." in text


def test_career_pivot_rejection_reply_to_initech_has_the_three_parts() -> None:
    text = section(draft("career-pivot", "initech-ba"), "reply-to-rejection")
    assert "Email to Nina Gold (HR) [email address not in the timeline]" in text
    assert "Subject: Re: Business Analyst position" in text
    assert "Dear Nina," in text
    thanks, interest, step = (
        "Thank you for letting me know, and thank you again for your time during my interview "
        "on Monday, October 26.",
        "I remain very interested in working for Initech in the future",
        "Could you suggest one thing I could do to become a more attractive candidate for "
        "Initech in the future?",
    )
    assert text.index(thanks) < text.index(interest) < text.index(step)


def test_wise_job_search_thank_you_note_is_brief_and_signed_with_contact_information() -> None:
    text = section(draft("wise-job-search", "acme-pm", "--as-of", "2026-11-17"), "thank-you-note")
    assert "Subject: Thank you: Product Manager interview" in text
    assert "the next step is your decision by Friday, November 20" in text
    body = text.split("Dear Dana,\n\n", 1)[1].split("\n\nBest regards,")[0]
    # "very brief": two short paragraphs, and only this article's: Urschel asks for no personal
    # touch (that blank is McAdams's, career-pivot's), so the note has no blank to fill in.
    assert body.split("\n\n") == [
        "Thank you for taking the time to meet with me on Tuesday, November 17 about the "
        "Product Manager position.",
        "I am very interested in the role. I understand the next step is your decision by "
        "Friday, November 20, and I look forward to hearing from you.",
    ]
    assert "Personal touch" not in text
    for item in CANDIDATE:
        assert item in text.split("Best regards,", 1)[1]
    assert "  [ ] Sign off with your contact information, so they always have it handy." in text


@pytest.mark.parametrize("app", APPS)
def test_wise_job_search_drafts_carry_no_other_articles_blank(app: str) -> None:
    for as_of in ("2026-11-17", "2026-11-18", AS_OF):
        assert "Personal touch" not in draft("wise-job-search", app, "--as-of", as_of)


def test_a_handwritten_note_on_request() -> None:
    note = ["--rule", "thank-you-note", "--channel", "handwritten_note"]
    late = ["--as-of", "2026-11-18"]  # the note's last day (it expires after it)
    text = section(draft("wise-job-search", "acme-pm", *note, *late), "thank-you-note")
    assert "Handwritten note to Dana Whitfield (hiring manager)" in text
    assert "Subject:" not in text
    assert "Sincerely,\nSam Rivera\nsam.rivera@example.com | +1 312 555 0142" in text


def test_career_pivot_thank_you_email_has_the_personal_touch_and_next_steps() -> None:
    # The day of the interview: by 11-21 its 24 hours have passed, and nothing is drafted for it.
    text = section(draft("career-pivot", "acme-pm", "--as-of", "2026-11-17"), "thank-you-email")
    assert "[thank-you-email]" not in draft("career-pivot", "acme-pm")
    assert "[Personal touch: mention something specific you discussed.]" in text
    assert "the next step is your decision by Friday, November 20" in text
    assert "I remain very interested in the role and would like to continue the process" in text


def test_mason_group_fills_the_articles_own_template() -> None:
    text = section(draft("mason-group", "globex-analyst"), "early-check-in")
    assert "(insert" not in text
    assert "Dear Hank,\n\nI wanted to follow up on my application on Monday, " in text
    assert "getting to know more about Globex." in text
    assert '  [ ] "Dear (insert manager)' not in text  # used as the body, not a checklist item


def test_mason_group_after_a_bare_application_mentions_no_discussion() -> None:
    # Globex: applied, no interview yet; the article's "I enjoyed our discussion" would thank
    # them for a conversation that never happened. The check-in restates interest instead.
    text = section(draft("mason-group", "globex-analyst"), "early-check-in")
    assert "follow up on my application on Monday, November 16" in text
    assert "discussion" not in text
    assert "I remain very interested in it and in getting to know more about Globex." in text
    # after an interview the article's own email, "our discussion" included, is still the draft
    after_interview = section(draft("mason-group", "acme-pm"), "reach-out-when-told")
    assert "follow up on my interview on Tuesday, November 17" in after_interview
    assert "I enjoyed our discussion and getting to know more about Acme Corp." in after_interview


def test_3x3_after_a_networking_meeting_a_note_and_a_call() -> None:
    text = draft("3x3-networking", "umbrella-network", "--as-of", "2026-11-19")
    note = section(text, "handwritten-note")
    assert "Handwritten note to Ada Wong (Director of Operations)" in note
    assert "meet with me on Wednesday, November 18" in note
    assert "[thank-you-call]" in text
    # by 11-21 both have passed, and a networking meeting gets no weekly calls
    assert "nothing pending" in draft("3x3-networking", "umbrella-network")


def test_a_final_call_and_moving_on() -> None:
    text = draft("clue-wagon", "hooli-eng")
    call = section(text, "final-call")
    assert "I interviewed for the role on Wednesday, November 4" in call
    assert "ask whether you have made a decision" in call
    move_on = section(text, "move-on")
    assert "Nothing to send" in move_on
    assert "  [ ] Some companies are never going to respond." in move_on


@pytest.mark.parametrize("pack", PACKS)
def test_every_pending_recommendation_gets_a_draft(pack: str) -> None:
    report = run_json(EXAMPLE_TIMELINE, pack, AS_OF)
    for app in APPS:
        text = draft(pack, app)
        recs = pending(recommendations(report, app))
        if not recs:
            assert "nothing pending" in text
            continue
        heads = [line for line in text.splitlines() if line.startswith(("UPCOMING", "DUE", "OV"))]
        assert [h.rsplit("[", 1)[1].rstrip("]") for h in heads] == [r["rule"] for r in recs]
        for bad in ("(insert", "None", "[name of the", "  ()"):
            assert bad not in text, (pack, app, bad)


def test_the_same_input_gives_the_same_text() -> None:
    first = draft("wise-job-search", "acme-pm")
    assert draft("wise-job-search", "acme-pm") == first


def test_placeholders_for_what_the_timeline_does_not_say(tmp_path: Path) -> None:
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    for line in ("name: Sam Rivera", "email: sam.rivera@example.com", 'phone: "+1 312 555 0142"'):
        text = text.replace(f"  {line}\n", "", 1)
    text = text.replace("id: hank, name: Hank Scorpio,", "id: hank,")
    timeline = tmp_path / "anonymous.yaml"
    timeline.write_text(text, encoding="utf-8")
    out = section(draft("3x3-networking", "globex-analyst", timeline=timeline), "first-call")
    assert "Hello, this is [your name], calling for [name of the hiring manager]" in out
    assert "You can reach me at [your phone number]." in out
    mail = draft("clue-wagon", "acme-pm", timeline=timeline)
    assert "[your name]\n[your email] | [your phone number]" in mail


def test_a_contact_phone_number_is_on_the_script(tmp_path: Path) -> None:
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8").replace(
        "{id: hank, name: Hank Scorpio, role: hiring_manager}",
        '{id: hank, name: Hank Scorpio, role: hiring_manager, phone: "+1 312 555 0199"}',
    )
    timeline = tmp_path / "timeline.yaml"
    timeline.write_text(text, encoding="utf-8")
    out = draft("3x3-networking", "globex-analyst", timeline=timeline)
    assert "to Hank Scorpio (hiring manager), +1 312 555 0199; or Marge Bouvier (HR)" in out


def test_each_anchor_is_its_own_event_even_on_the_same_day(tmp_path: Path) -> None:
    interview = "- {date: 2026-11-17, type: interview, round: 1, with: dana, channel: in_person}\n"
    text = EXAMPLE_TIMELINE.read_text(encoding="utf-8")
    assert interview in text
    panel = "- {date: 2026-11-17, type: interview, round: 1, with: acme-hr, channel: phone}\n      "
    timeline = tmp_path / "two-interviews.yaml"
    timeline.write_text(text.replace(interview, panel + interview), encoding="utf-8")
    # The notes are drafted while they are due: the next day (the note expires after it).
    note = ["--rule", "thank-you-note", "--as-of", "2026-11-18"]
    out = draft("wise-job-search", "acme-pm", *note, timeline=timeline)
    first, second = out.split("=" * 78 + "\n")[1:]
    assert "Dear Priya," in first and "interview 2026-11-17 with Priya Shah" in first
    # The second interview of the day, not the first one of its type and date.
    assert "Dear Dana," in second and "interview 2026-11-17 with Dana Whitfield" in second


# --- a pack's own wording (action.draft) --------------------------------------------------------

OWN_WORDS = """\
pack_format: 1
name: own-words
version: 0.1.0
title: A pack with its own wording
source: {author: Sam Rivera, title: Notes, publication: personal notes}
rules:
  - id: check-in
    when: {anchor: interview}
    timing: {after: {days: [0, 30]}}
    action:
      kind: check_in
      channel: [email, phone, in_person]
      recipient: anchor_contact
      guidance: ["Keep it short."]
      draft:
        subject: "About the {role} role"
        body:
          - "We met on {interview_date}, {{really}}."
          - "Is there news before {decision_date}? {my_name}, {my_phone}"
        script: ["I am calling about our talk on {anchor_date}."]
    cite: "Check in."
  - id: thank-you
    when: {anchor: interview}
    timing: {after: {days: [0, 30]}}
    action:
      kind: thank_you
      channel: email
      recipient: anchor_contact
      draft: {subject: "Thanks, {contact}"}
    cite: "Say thank you."
"""


@pytest.fixture
def own_words(tmp_path: Path) -> str:
    path = tmp_path / "own-words.yaml"
    path.write_text(OWN_WORDS, encoding="utf-8")
    return str(path)


def test_the_packs_subject_and_paragraphs_between_greeting_and_signature(own_words: str) -> None:
    text = section(draft(own_words, "acme-pm", "--channel", "email"), "check-in")
    assert "Subject: About the Product Manager role\n" in text
    assert (
        "Dear Dana,\n\nWe met on Tuesday, November 17, {really}.\n\n"
        "Is there news before Friday, November 20? Sam Rivera, +1 312 555 0142\n\n"
        "Best regards,\nSam Rivera\n"
    ) in text
    assert "  [ ] Keep it short." in text


def test_the_packs_script_between_hello_and_call_back(own_words: str) -> None:
    text = section(draft(own_words, "acme-pm", "--channel", "phone"), "check-in")
    assert (
        "Hello, this is Sam Rivera, calling for Dana Whitfield about the Product Manager "
        "position at Acme Corp.\nI am calling about our talk on Tuesday, November 17.\n"
        "You can reach me at +1 312 555 0142. Thank you for your time.\n"
    ) in text


def test_talking_points_are_the_packs_paragraphs(own_words: str) -> None:
    text = section(draft(own_words, "acme-pm", "--channel", "in_person"), "check-in")
    points = "Points to make to Dana Whitfield:\n- We met on Tuesday, November 17, {really}.\n"
    assert points in text


def test_what_the_pack_leaves_out_is_the_default(own_words: str) -> None:
    text = section(draft(own_words, "acme-pm"), "thank-you")
    assert "Subject: Thanks, Dana Whitfield\n" in text
    assert "[Personal touch: mention something specific you discussed.]" in text


def test_every_feature_pack_replaces_the_rejection_reply() -> None:
    pack = str(FILES / "positive" / "packs" / "every-feature.yaml")
    text = section(draft(pack, "initech-ba"), "reply-to-rejection")
    assert "Subject: Thank you, Nina Gold\n" in text
    assert "about the Business Analyst position at Initech ({the Business Analyst role})." in text
    assert "Could you suggest one thing" not in text  # the default's third paragraph


def test_an_unknown_placeholder_is_a_finding_of_validate() -> None:
    path = FILES / "negative" / "packs" / "draft-unknown-placeholder.yaml"
    result = invoke(["validate", str(path)])
    assert result.exit_code == 1
    assert (
        f"{path}:36:13: error: unknown placeholder '{{compny}}'; did you mean '{{company}}'?"
        in result.stdout
    )


# --- nothing to draft, and errors ---------------------------------------------------------------


def test_nothing_pending_says_so() -> None:
    assert draft("clue-wagon", "initech-ba") == (
        "initech-ba: nothing pending under clue-wagon 2.0.0 as of Sat 2026-11-21: "
        "no message to draft.\n"
    )
    assert "nothing pending under rule final-call of clue-wagon" in draft(
        "clue-wagon", "acme-pm", "--rule", "final-call"
    )


def test_an_unknown_application_is_one_error_line_with_a_suggestion() -> None:
    result = invoke(["draft", str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "-a", "acme"])
    match = assert_one_error_line(result)
    assert match["path"] == str(EXAMPLE_TIMELINE)
    assert match["message"] == "no application 'acme' in this timeline; did you mean 'acme-pm'?"


def test_an_unknown_rule_or_channel_is_one_error_line() -> None:
    base = ["draft", str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "-a", "acme-pm", "--as-of", AS_OF]
    match = assert_one_error_line(invoke([*base, "--rule", "final-cal"]))
    assert match["message"] == "no rule 'final-cal' in clue-wagon 2.0.0; did you mean 'final-call'?"
    match = assert_one_error_line(invoke([*base, "--channel", "emial"]))
    assert "did you mean 'email'?" in match["message"]


@pytest.mark.parametrize(
    "args",
    [
        ["draft", "missing.yaml", "-p", "clue-wagon", "-a", "x"],
        ["draft", str(EXAMPLE_TIMELINE), "-p", "no-such-pack.yaml", "-a", "acme-pm"],
    ],
)
def test_unreadable_input_is_one_error_line(args: list[str]) -> None:
    assert_one_error_line(invoke(args))


# --- without --application: what is due or overdue now, everywhere ---------------------------


def draft_all(*extra: str, as_of: str = "2026-11-25") -> str:
    result = invoke(["draft", str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "--as-of", as_of, *extra])
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr == ""
    return result.stdout


def _headed(text: str) -> list[tuple[str, list[str]]]:
    """Each application's heading, and the status and rule of each of its drafts."""
    out: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("Drafts for "):
            out.append((line.split(":")[0].removeprefix("Drafts for "), []))
        elif line.split("  ")[0] in ("DUE", "OVERDUE", "UPCOMING"):
            out[-1][1].append(f"{line.split()[0]} {line.rsplit('[', 1)[1].rstrip(']')}")
    return out


def test_without_an_application_every_due_and_overdue_action_is_drafted() -> None:
    report = run_json(EXAMPLE_TIMELINE, "clue-wagon", "2026-11-25")
    expected = [
        (app["id"], [f"{r['status'].upper()} {r['rule']}" for r in app["recommendations"]
                     if r["status"] in ("due", "overdue")])
        for app in report["applications"]
    ]  # fmt: skip
    expected = [(app, recs) for app, recs in expected if recs]
    assert _headed(draft_all()) == expected
    # upcoming ones (hooli-eng's move-on, due 12-03) wait for their day
    assert [app for app, _ in expected] == ["acme-pm", "globex-analyst", "hooli-eng"]
    assert "[move-on]" not in draft_all()
    # each application's drafts are what --application gives for it, limited to what is due
    one = invoke(["draft", str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "--as-of", "2026-11-25",
                  "-a", "globex-analyst"]).stdout  # fmt: skip
    assert one in draft_all()


def test_without_an_application_rule_and_channel_still_filter() -> None:
    assert _headed(draft_all("--channel", "phone")) == [("hooli-eng", ["DUE final-call"])]
    assert _headed(draft_all("--rule", "resume-follow-up")) == [
        ("globex-analyst", ["OVERDUE resume-follow-up"])
    ]
    args = ["draft", str(EXAMPLE_TIMELINE), "-p", "clue-wagon", "--as-of", "2026-11-25"]
    match = assert_one_error_line(invoke([*args, "--channel", "fax"]))
    assert match["message"].startswith("--channel 'fax' is not one the pack recommends here")


def test_without_an_application_nothing_due_says_so() -> None:
    # on the 21st everything in the example is upcoming
    assert draft_all(as_of=AS_OF) == (
        "nothing due under clue-wagon 2.0.0 as of Sat 2026-11-21: no message to draft. "
        "(--application ID drafts upcoming ones)\n"
    )


def test_execute_writes_to_the_streams_of_the_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    args = cmd.DraftArgs(str(EXAMPLE_TIMELINE), "clue-wagon", "acme-pm", AS_OF_DATE)
    swapped = io.StringIO()
    monkeypatch.setattr(sys, "stdout", swapped)
    assert cmd.execute(args) == 0
    given = io.StringIO()
    assert cmd.execute(args, given) == 0
    assert swapped.getvalue() == given.getvalue() == draft("clue-wagon", "acme-pm")
