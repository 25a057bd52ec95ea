"""The fields a tracker's columns are read as, the header words for each, and the words of its
status and contact-role cells: the vocabulary of docs/import.md, in one place."""

from __future__ import annotations

import re
from typing import Final, Literal, get_args

from ..vocabulary import Role

Field = Literal[
    "id",
    "company",
    "role",
    "date_applied",
    "status",
    "status_date",
    "interview_date",
    "contact_name",
    "contact_email",
    "contact_role",
    "notes",
    "url",
]
FIELDS: Final[tuple[Field, ...]] = get_args(Field)
IGNORE: Final = "ignore"  # a mapping target: leave the column out
REQUIRED: Final[tuple[Field, ...]] = ("company", "role")
DATE_FIELDS: Final[tuple[Field, ...]] = ("date_applied", "status_date", "interview_date")

# The column names `followup export` writes, one per field; import reads them back.
HEADERS: Final[dict[Field, str]] = {
    "id": "ID",
    "company": "Company",
    "role": "Role",
    "date_applied": "Date Applied",
    "status": "Status",
    "status_date": "Status Date",
    "interview_date": "Interview Date",
    "contact_name": "Contact Name",
    "contact_email": "Contact Email",
    "contact_role": "Contact Role",
    "notes": "Notes",
    "url": "URL",
}

# Other names trackers give these columns (compared by `key`: case, spaces and punctuation
# do not count). "Recruiter" and "Hiring Manager" name a contact and say their role too.
_SYNONYMS: Final[dict[Field, tuple[str, ...]]] = {
    "id": ("Application ID", "App ID"),
    "company": ("Employer", "Organization", "Organisation", "Company Name", "Org"),
    "role": ("Title", "Position", "Job Title", "Job", "Job Role", "Position Title"),
    "date_applied": ("Applied", "Applied On", "Applied Date", "Application Date", "Date"),
    "status": ("Stage", "Application Status", "State"),
    "status_date": ("Last Updated", "Updated", "Updated On", "Date Updated", "Decision Date"),
    "interview_date": ("Interview", "Interview On", "Next Interview", "Interview Day"),
    "contact_name": ("Contact", "Recruiter", "Recruiter Name", "Hiring Manager", "Contact Person"),
    "contact_email": ("Email", "Recruiter Email", "Email Address", "Contact E-mail"),
    "contact_role": ("Contact Type", "Contact Title"),
    "notes": ("Note", "Comments", "Comment"),
    "url": ("Link", "Job Link", "Posting", "Job Posting", "Posting URL", "Job URL", "Listing"),
}
IMPLIED_ROLES: Final[dict[str, Role]] = {
    "recruiter": "recruiter",
    "recruitername": "recruiter",
    "hiringmanager": "hiring_manager",
}

# The longest text the timeline format takes in each field (schemas/timeline.schema.json).
MAX_LENGTH: Final[dict[Field, int]] = {
    "id": 64,
    "company": 200,
    "role": 200,
    "contact_name": 200,
    "contact_email": 200,
    "notes": 5000,
    "url": 2000,
}


def key(text: str) -> str:
    """A header or word as compared: lower case, letters and digits only."""
    return re.sub(r"[\W_]+", "", text.casefold())


def words(text: str) -> str:
    """A cell's words as compared: lower case, single spaces, no punctuation."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


HEADER_KEYS: Final[dict[str, Field]] = {
    key(name): field for field in FIELDS for name in (field, HEADERS[field], *_SYNONYMS[field])
}
# What "did you mean" offers for a header: every name above, as a person would write it.
HEADER_NAMES: Final[dict[str, Field]] = {
    name: field for field in FIELDS for name in (HEADERS[field], *_SYNONYMS[field])
}

# --- status cells ----------------------------------------------------------------------------

Status = Literal[
    "applied", "interviewing", "rejected", "offer", "withdrawn", "no_response", "not_applied"
]
_STATUS_SYNONYMS: Final[dict[Status, tuple[str, ...]]] = {
    "applied": ("applied", "submitted", "application submitted", "sent", "applied online"),
    "interviewing": (
        "interviewing", "interview", "interviewed", "interview scheduled", "phone screen",
        "screening", "onsite", "on site", "final round", "second round", "assessment",
    ),
    "rejected": ("rejected", "rejection", "declined", "not selected", "turned down", "no offer"),
    "offer": ("offer", "offered", "offer received", "accepted", "hired"),
    "withdrawn": ("withdrawn", "withdrew", "withdraw", "not interested", "dropped"),
    "no_response": ("ghosted", "no response", "no reply", "no answer", "waiting", "pending"),
    "not_applied": (
        "saved", "wishlist", "wish list", "bookmarked", "interested", "to apply", "not applied",
        "planned", "draft",
    ),
}  # fmt: skip
STATUS_WORDS: Final[dict[str, Status]] = {
    word: status for status, said in _STATUS_SYNONYMS.items() for word in said
}
# The word `followup export` writes for each status: import reads it back as that status.
STATUS_HEADINGS: Final[dict[Status, str]] = {
    "applied": "Applied",
    "interviewing": "Interviewing",
    "rejected": "Rejected",
    "offer": "Offer",
    "withdrawn": "Withdrawn",
    "no_response": "No response",
    "not_applied": "Saved",
}

# --- contact-role cells ----------------------------------------------------------------------

_ROLE_SYNONYMS: Final[dict[Role, tuple[str, ...]]] = {
    "recruiter": (
        "recruiter", "talent acquisition", "talent", "sourcer", "agency", "agency recruiter",
        "headhunter", "technical recruiter",
    ),
    "hr": (
        "hr", "human resources", "people", "people ops", "people operations", "hr manager",
        "hr business partner", "hrbp",
    ),
    "hiring_manager": (
        "hiring manager", "manager", "hm", "team lead", "lead", "engineering manager",
    ),
    "interviewer": ("interviewer", "panel", "panelist", "panellist"),
    "other": (
        "other", "referral", "referrer", "friend", "networking", "network", "alumni",
        "colleague", "contact",
    ),
}  # fmt: skip
ROLE_WORDS: Final[dict[str, Role]] = {
    word: role for role, said in _ROLE_SYNONYMS.items() for word in said
}
