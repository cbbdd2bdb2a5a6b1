"""Matrix entries: one's own account, log-in, passwords, two-factor authentication."""

from .base import ANYONE, LOGGED_IN, LOGIN, Entry, everybody, expect

LOGGED_IN_ONLY_REDIRECT = expect(302, anonymous=200)

ENTRIES = [
    Entry("accounts:login", LOGGED_IN_ONLY_REDIRECT),
    Entry("accounts:logout", everybody(405)),
    Entry("accounts:logout", everybody(302), method="post", label="post"),
    Entry("accounts:profile", LOGGED_IN),
    Entry("accounts:export", LOGGED_IN),
    Entry("accounts:erase", LOGGED_IN),
    Entry(
        "accounts:api_token_create",
        LOGGED_IN,
        method="post",
        data=lambda w: {"token-name": "Matrix token"},
    ),
    Entry("accounts:api_token_create", expect(405, anonymous=LOGIN), label="get"),
    Entry(
        "accounts:api_token_revoke",
        # only the owner revokes (then back to the profile); for others it does not exist
        expect(404, anonymous=LOGIN, member_own=302),
        method="post",
        args=lambda w: {"pk": w.api_token(w["member_own"]).pk},
        label="of member_own",
    ),
    # Two-factor pages (force_login counts as verified here; tests/security runs the real flow):
    # the code page sends the verified on; set-up is for organisers and reviewers only.
    Entry("accounts:two_factor_verify", expect(302, anonymous=LOGIN)),
    Entry(
        "accounts:two_factor_setup",
        expect(302, anonymous=LOGIN, reviewer_conflict=200, organiser=200),
    ),
    Entry(
        "accounts:two_factor_recovery_codes",
        expect(302, anonymous=LOGIN),
        method="post",
        label="no device",
    ),
    Entry("accounts:password_change", LOGGED_IN),
    Entry("accounts:password_change_done", LOGGED_IN),
    Entry("accounts:password_reset", ANYONE),
    Entry("accounts:password_reset_done", ANYONE),
    Entry(
        "accounts:password_reset_confirm",
        ANYONE,
        args=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
    ),
    Entry("accounts:password_reset_complete", ANYONE),
]
