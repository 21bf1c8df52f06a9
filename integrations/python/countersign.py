"""Countersign for Python agents and CrewAI crews: a human signs off before the work goes out.

Standard library only (urllib, hmac, json). Copy this one file next to your crew, or put its folder on
PYTHONPATH.

    from countersign import request_approval
    decision = request_approval({"subject": "Hi", "body": "..."}, agent="Marketing Copywriter")
    if decision.approved:
        send(decision.output)          # the approver's edited version when they edited it

In a CrewAI crew, the gate is a task guardrail: a revision request sends the approver's feedback back to the
agent, which produces a new version, which goes back to the same approval as its next round:

    from countersign import CountersignGate
    task = Task(description=..., agent=writer, guardrail=CountersignGate(title="Launch email"))

Configuration comes from arguments or the environment: COUNTERSIGN_SERVER (default http://127.0.0.1:8765),
COUNTERSIGN_SOURCE (the webhook source id) and COUNTERSIGN_SECRET (its secret). See docs/integrations.md.
"""

import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

__all__ = [
    "Client", "Decision", "CountersignError", "ApprovalRejected", "ApprovalExpired", "CountersignGate",
    "request_approval", "submit_revision",
]

FINAL_STATUSES = ("approved", "rejected", "revision_requested", "expired", "cancelled")


class CountersignError(Exception):
    """The server refused a request, or could not be reached in time. `status` is the HTTP status (0 when
    there was no answer), `code` the protocol's error code."""

    def __init__(self, message, status=0, code=None):
        super().__init__(message)
        self.status = status
        self.code = code


class ApprovalRejected(CountersignError):
    """A human rejected the work; `decision.feedback` says why."""

    def __init__(self, decision):
        super().__init__("rejected by %s: %s" % (decision.decided_by, decision.feedback), 200, "rejected")
        self.decision = decision


class ApprovalExpired(CountersignError):
    """Nobody decided before the approval's deadline."""

    def __init__(self, decision):
        super().__init__("the approval expired without a decision", 200, "expired")
        self.decision = decision


class Decision:
    """The outcome of one approval round, as the server reports it."""

    def __init__(self, approval):
        self.raw = approval
        self.task_id = approval.get("task_id")
        self.approval_id = approval.get("id")
        self.status = approval.get("status")
        self.version = approval.get("version")
        d = approval.get("decision") or {}
        self.decision = d.get("decision")
        self.feedback = d.get("feedback") or ""
        self.output = d.get("output", approval.get("output"))
        self.edited = bool(d.get("edited"))
        self.decided_by = d.get("decided_by")

    @property
    def approved(self):
        return self.status == "approved"

    @property
    def revision_requested(self):
        return self.status == "revision_requested"

    def __repr__(self):
        return "Decision(status=%r, decided_by=%r, feedback=%r)" % (self.status, self.decided_by, self.feedback)


# The optional fields of a submission (docs/protocol.md section 1). A keyword argument that is none of these, nor a
# connection setting, is a mistake (a typo, or a setting in the wrong place) and is refused rather than sent to
# the approvers as part of the approval.
SUBMIT_FIELDS = frozenset(["context", "timestamp", "title", "type", "priority", "timeout_s", "callback_url",
                           "criteria", "allowed_decisions", "max_revisions", "metadata"])


def _check_fields(fields):
    unknown = sorted(set(fields) - SUBMIT_FIELDS)
    if unknown:
        raise TypeError("unknown argument%s %s: an approval's fields are %s; the connection is set with "
                        "server=, source=, secret= (or client=)"
                        % ("s" if len(unknown) > 1 else "", ", ".join(unknown), ", ".join(sorted(SUBMIT_FIELDS))))


class Client:
    """The agent side of the protocol: signed submissions, long-poll reads, revisions and cancels."""

    def __init__(self, server=None, source=None, secret=None, request_timeout=30):
        self.server = (server or os.environ.get("COUNTERSIGN_SERVER") or "http://127.0.0.1:8765").rstrip("/")
        self.source = source if source is not None else os.environ.get("COUNTERSIGN_SOURCE", "")
        secret = secret if secret is not None else os.environ.get("COUNTERSIGN_SECRET", "")
        if not secret:
            raise CountersignError("no secret: pass secret= or set COUNTERSIGN_SECRET")
        self.secret = secret.encode() if isinstance(secret, str) else secret
        self.request_timeout = request_timeout

    # -- the protocol -----------------------------------------------------------------------------------
    def submit(self, task_id, agent, output, **fields):
        """Submits work for approval. `fields`: context, title, type, priority, timeout_s, callback_url,
        criteria, allowed_decisions, max_revisions, metadata. Returns the server's answer."""
        _check_fields(fields)
        body = {"task_id": task_id, "agent": agent, "output": output}
        body.update({k: v for k, v in fields.items() if v is not None})
        return self._post("/api/v1/approvals", body)

    def get(self, task_id, wait=0):
        """The approval of `task_id`; with wait > 0 (up to 120 s), held until it is decided or the time is up."""
        path = self._task_path(task_id) + ("?wait=%d" % wait if wait else "")
        return self._bodyless("GET", path, timeout=wait + self.request_timeout)

    def revise(self, task_id, output, note=""):
        """Sends the next version after a revision request."""
        return self._post(self._task_path(task_id) + "/revisions", {"output": output, "note": note})

    def cancel(self, task_id):
        return self._bodyless("DELETE", self._task_path(task_id))

    def wait(self, task_id, timeout=None, poll_s=60):
        """Blocks until the human decides (or `timeout` seconds pass: CountersignError with code "timeout").
        Network errors and server restarts are retried with backoff; the wait goes on."""
        deadline = None if timeout is None else time.monotonic() + timeout
        failures = 0
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise CountersignError("no decision on %s within %s s" % (task_id, timeout), 0, "timeout")
            wait = poll_s if left is None else max(1, min(poll_s, int(left)))
            try:
                approval = self.get(task_id, wait=wait)
                failures = 0
            except CountersignError as e:
                if e.status and e.status < 500 and e.status != 429:
                    raise
                failures += 1
                pause = min(30, 2 ** min(failures, 5))
                if left is not None:
                    pause = min(pause, max(0.0, left))
                time.sleep(pause)
                continue
            if approval.get("status") in FINAL_STATUSES:
                return Decision(approval)

    # -- plumbing ---------------------------------------------------------------------------------------
    def _task_path(self, task_id):
        return "/api/v1/approvals/" + urllib.parse.quote(task_id, safe="")

    def _headers(self):
        headers = {"Content-Type": "application/json", "User-Agent": "countersign-python/1"}
        if self.source:
            headers["X-Webhook-Source"] = self.source
        return headers

    def _post(self, path, body):
        data = json.dumps(body, separators=(",", ":")).encode()
        headers = self._headers()
        headers["X-Webhook-Signature"] = "sha256=" + hmac.new(self.secret, data, hashlib.sha256).hexdigest()
        return self._send("POST", path, data, headers, self.request_timeout)

    def _bodyless(self, method, path, timeout=None):
        ts = str(int(time.time()))
        headers = self._headers()
        headers["X-Webhook-Timestamp"] = ts
        signing = ("%s\n%s\n%s" % (method, path, ts)).encode()
        headers["X-Webhook-Signature"] = "sha256=" + hmac.new(self.secret, signing, hashlib.sha256).hexdigest()
        return self._send(method, path, None, headers, timeout or self.request_timeout)

    def _send(self, method, path, data, headers, timeout):
        request = urllib.request.Request(self.server + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as e:
            try:
                error = json.loads(e.read() or b"{}").get("error", {})
            except ValueError:
                error = {}
            message = error.get("message") or ("HTTP %d" % e.code)
            if error.get("field"):
                message += " (field %s)" % error["field"]
            raise CountersignError(message, e.code, error.get("code")) from None
        except (urllib.error.URLError, OSError) as e:
            raise CountersignError("cannot reach %s: %s" % (self.server, getattr(e, "reason", e)), 0, "unreachable") from None


def verify_callback(headers, body, secret=None, tolerance_s=300, now=None):
    """Checks a decision callback from countersignd and returns it as a dict.

    `headers`: the request's headers (any mapping; names in any case), `body`: the raw bytes. The
    X-Webhook-Signature-V2 signature covers the timestamp and the body; a timestamp more than `tolerance_s`
    from `now` (default: this machine's clock) is refused, so a recorded callback cannot be replayed.
    Raises CountersignError(code="invalid_signature") when anything does not hold."""
    secret = secret if secret is not None else os.environ.get("COUNTERSIGN_SECRET", "")
    if not secret:
        raise CountersignError("no secret: pass secret= or set COUNTERSIGN_SECRET")
    key = secret.encode() if isinstance(secret, str) else secret
    lowered = {str(k).lower(): v for k, v in dict(headers).items()}
    body = body.encode() if isinstance(body, str) else body
    parts = dict(p.split("=", 1) for p in str(lowered.get("x-webhook-signature-v2", "")).split(",") if "=" in p)
    timestamp, given = parts.get("t", ""), parts.get("sha256", "")
    if not timestamp.isdigit() or not given:
        raise CountersignError("the callback has no X-Webhook-Signature-V2 with t= and sha256=", 401, "invalid_signature")
    if timestamp != str(lowered.get("x-webhook-timestamp", timestamp)):
        raise CountersignError("the signature's time is not the callback's X-Webhook-Timestamp", 401, "invalid_signature")
    expected = hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given.lower()):
        raise CountersignError("the callback's signature does not match", 401, "invalid_signature")
    age = abs((time.time() if now is None else now) - int(timestamp))
    if age > tolerance_s:
        raise CountersignError("the callback's time is %d s from this clock: refused as a possible replay" % age,
                               401, "invalid_signature")
    return json.loads(body)


def _client(client, server=None, source=None, secret=None):
    """The client to use: the one given, or one made from server=/source=/secret= (each falling back to its
    COUNTERSIGN_* environment variable)."""
    settings = {k: v for k, v in (("server", server), ("source", source), ("secret", secret)) if v is not None}
    if client is not None:
        if settings:
            raise TypeError("pass either client= or %s=, not both" % "=, ".join(settings))
        return client
    return Client(**settings)


def request_approval(output, agent, task_id=None, timeout=None, client=None, server=None, source=None, secret=None,
                     **fields):
    """Submits `output` for approval and blocks until a human decides. Returns the Decision (approved,
    rejected, revision requested, expired or cancelled); raises CountersignError when the server refuses or
    no decision comes within `timeout` seconds. `fields` as in Client.submit (context, title, priority,
    criteria, timeout_s, ...); an unknown one is a TypeError. The connection: `client`, or `server`, `source`
    and `secret` (else COUNTERSIGN_SERVER, COUNTERSIGN_SOURCE, COUNTERSIGN_SECRET)."""
    _check_fields(fields)
    c = _client(client, server, source, secret)
    task_id = task_id or "py-" + uuid.uuid4().hex
    c.submit(task_id, agent, output, **fields)
    return c.wait(task_id, timeout=timeout)


def submit_revision(task_id, output, note="", timeout=None, client=None, wait=True, server=None, source=None,
                    secret=None):
    """Sends the next version of `task_id` after a revision request and (by default) waits for its decision."""
    c = _client(client, server, source, secret)
    c.revise(task_id, output, note)
    return c.wait(task_id, timeout=timeout) if wait else None


def _task_output_value(task_output):
    """What a CrewAI TaskOutput holds, as the approver should see it: its JSON when it has one, else text."""
    for attribute in ("json_dict",):
        value = getattr(task_output, attribute, None)
        if isinstance(value, dict) and value:
            return value
    pydantic = getattr(task_output, "pydantic", None)
    if pydantic is not None and hasattr(pydantic, "model_dump"):
        return pydantic.model_dump()
    raw = getattr(task_output, "raw", task_output)
    if isinstance(raw, (dict, list)):
        return raw
    text = str(raw)
    try:
        parsed = json.loads(text)
        if isinstance(parsed, dict):
            return parsed
    except ValueError:
        pass
    return text


class CountersignGate:
    """A human gate for a CrewAI task, usable as its `guardrail` or its `callback`.

    As a guardrail (the multi-round pattern): the output goes to an approver and the task waits.
      - approved: returns (True, output), the approver's edited version when they edited it;
      - revision requested: returns (False, feedback), so CrewAI runs the task again with that feedback,
        and the new version goes to the same approval as its next round;
      - rejected or expired: raises ApprovalRejected / ApprovalExpired, which stops the crew.
    As a callback (`callback=gate.callback`): the same wait, after the task; rejection raises.
    """

    def __init__(self, agent=None, title=None, task_id=None, client=None, timeout=None, server=None, source=None,
                 secret=None, **fields):
        _check_fields(fields)
        self._settings = {"server": server, "source": source, "secret": secret}
        self.agent = agent
        self.title = title
        self.timeout = timeout
        self.fields = fields
        self._client = client
        self._task_id = task_id
        self._awaiting_revision = False
        self.rounds = 0
        self.last_decision = None

    @property
    def task_id(self):
        return self._task_id

    def __call__(self, task_output):
        decision = self._review(task_output)
        if decision.approved:
            output = decision.output
            if decision.edited:
                return True, output if isinstance(output, str) else json.dumps(output)
            return True, getattr(task_output, "raw", task_output)
        if decision.revision_requested:
            return False, decision.feedback
        if decision.status == "expired":
            raise ApprovalExpired(decision)
        raise ApprovalRejected(decision)

    def callback(self, task_output):
        decision = self._review(task_output)
        if decision.status in ("rejected", "cancelled"):
            raise ApprovalRejected(decision)
        if decision.status == "expired":
            raise ApprovalExpired(decision)
        return decision

    def _review(self, task_output):
        client = _client(self._client, **self._settings)
        self._client = client
        output = _task_output_value(task_output)
        self.rounds += 1
        if self._awaiting_revision:
            client.revise(self._task_id, output, "Round %d, after the feedback" % self.rounds)
        else:
            if self._task_id is None:
                self._task_id = "crew-" + uuid.uuid4().hex
            agent = self.agent or str(getattr(getattr(task_output, "agent", None), "role", None)
                                      or getattr(task_output, "agent", None) or "CrewAI agent")
            title = self.title or getattr(task_output, "description", None) or "CrewAI task output"
            client.submit(self._task_id, agent, output, title=str(title)[:200], **self.fields)
        decision = client.wait(self._task_id, timeout=self.timeout)
        self._awaiting_revision = decision.revision_requested
        self.last_decision = decision
        return decision
