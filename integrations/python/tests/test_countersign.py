"""The Python client against a real countersignd (started here on a free loopback port, data in a temp dir):
request_approval returns each kind of decision, the CrewAI guardrail runs two revision rounds then approval,
and bad input or an unreachable server are clear errors. Run: python3 -m unittest discover -s tests
(COUNTERSIGND names the server binary; default ../../build/server/countersignd)."""

import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import countersign  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER_BIN = os.environ.get("COUNTERSIGND") or os.path.join(HERE, "..", "..", "..", "build", "server", "countersignd")
SECRET = "python-test-secret"
PASSWORD = "correct horse"


def wait_until(condition, timeout=10.0, what="the condition"):
    """Polls `condition` until it returns something truthy (the test's qWaitFor)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


class Server:
    """A real countersignd with one source and one Manager, mia."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory()
        config = os.path.join(self.dir.name, "countersign.json")
        with open(config, "w") as f:
            json.dump({"listen": "127.0.0.1:0", "data_dir": os.path.join(self.dir.name, "data"),
                       "sources": [{"id": "crew", "secret": SECRET}]}, f)
        subprocess.run([SERVER_BIN, "user", "add", "mia", "--role", "Manager", "--config", config],
                       input=PASSWORD.encode(), check=True, capture_output=True)
        self.process = subprocess.Popen([SERVER_BIN, "--config", config], stderr=subprocess.PIPE, text=True)
        line = ""
        while "listening on" not in line:
            line = self.process.stderr.readline()
            if not line:
                raise RuntimeError("countersignd did not start")
        self.url = "http://" + re.search(r"listening on (\S+)", line).group(1)
        threading.Thread(target=self.process.stderr.read, daemon=True).start()  # keep the pipe drained
        self.token = self._call("POST", "/api/v1/auth/login", {"username": "mia", "password": PASSWORD})["token"]

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.dir.cleanup()

    def _call(self, method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=10) as r:
            return json.loads(r.read())

    def pending(self, task_id, version=1):
        """The pending approval of `task_id` at `version`, as mia sees it, once it is there."""
        def find():
            for a in self._call("GET", "/api/v1/queue?status=pending", token=self.token)["items"]:
                if a["task_id"] == task_id and a["version"] == version:
                    return a
            return None
        return wait_until(find, what="%s version %d to be pending" % (task_id, version))

    def decide(self, approval, decision, feedback="", output=None):
        body = {"version": approval["version"], "decision": decision, "feedback": feedback}
        if output is not None:
            body["output"] = output
        return self._call("POST", "/api/v1/approvals/%s/decision" % approval["id"], body, token=self.token)


class Human(threading.Thread):
    """An approver in another thread: answers each round of `task_id` with the next of `answers`."""

    def __init__(self, server, task_id, answers):
        super().__init__(daemon=True)
        self.server, self.task_id, self.answers = server, task_id, answers
        self.error = None

    def run(self):
        try:
            for version, (decision, feedback, output) in enumerate(self.answers, start=1):
                approval = self.server.pending(self.task_id, version)
                self.server.decide(approval, decision, feedback, output)
        except Exception as e:  # reported by the test
            self.error = e


class FakeTaskOutput:
    """What CrewAI hands a guardrail: the raw text (and the agent and description)."""

    def __init__(self, raw, agent="Marketing Copywriter", description="Write the launch email"):
        self.raw, self.agent, self.description, self.json_dict, self.pydantic = raw, agent, description, None, None


def run_task_with_guardrail(produce, guardrail, max_retries=5):
    """CrewAI's loop for a task with a guardrail: (False, feedback) runs the task again with the feedback."""
    feedback = None
    for _ in range(max_retries + 1):
        ok, result = guardrail(FakeTaskOutput(produce(feedback)))
        if ok:
            return result
        feedback = result
    raise RuntimeError("guardrail never passed")


class CountersignTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def client(self, **kw):
        return countersign.Client(server=kw.pop("server", self.server.url), source="crew", secret=kw.pop("secret", SECRET), **kw)

    def test_request_approval_returns_each_kind_of_decision(self):
        cases = [("approve", "", None, "approved"), ("reject", "Off brand", None, "rejected"),
                 ("revise", "Shorter subject", None, "revision_requested"),
                 ("approve_with_edits", "", {"subject": "Meet WalterSignal", "body": "Hi"}, "approved")]
        for i, (decision, feedback, edited, status) in enumerate(cases):
            task = "py-decision-%d" % i
            human = Human(self.server, task, [(decision, feedback, edited)])
            human.start()
            result = countersign.request_approval({"subject": "Introducing WalterSignal", "body": "Hi"},
                                                  agent="Marketing Copywriter", task_id=task, client=self.client(),
                                                  title="Launch email", criteria=["Matches the brand voice"])
            human.join(10)
            self.assertIsNone(human.error)
            self.assertEqual(result.status, status)
            self.assertEqual(result.decided_by, "mia")
            self.assertEqual(result.feedback, feedback)
            if edited:
                self.assertTrue(result.edited)
                self.assertEqual(result.output["subject"], "Meet WalterSignal")

    def test_the_guardrail_runs_two_revision_rounds_then_approval(self):
        gate = countersign.CountersignGate(title="Launch email", client=self.client(), task_id="py-gate-1",
                                           criteria=["Mentions the free trial"])
        human = Human(self.server, "py-gate-1", [("revise", "Shorter subject", None),
                                                 ("revise", "Mention the free trial", None),
                                                 ("approve", "", None)])
        human.start()
        seen_feedback = []

        def write_email(feedback):
            seen_feedback.append(feedback)
            return ["Introducing WalterSignal, the monitoring platform", "Meet WalterSignal",
                    "Meet WalterSignal: 30-day free trial"][len(seen_feedback) - 1]

        final = run_task_with_guardrail(write_email, gate)
        human.join(10)
        self.assertIsNone(human.error)
        self.assertEqual(final, "Meet WalterSignal: 30-day free trial")
        self.assertEqual(seen_feedback, [None, "Shorter subject", "Mention the free trial"])
        self.assertEqual(gate.rounds, 3)
        approval = self.client().get("py-gate-1")
        self.assertEqual(approval["status"], "approved")
        self.assertEqual(approval["version"], 3)
        self.assertEqual([r["feedback"] for r in approval["revisions"]], ["Shorter subject", "Mention the free trial"])

    def test_a_rejection_stops_the_crew(self):
        gate = countersign.CountersignGate(client=self.client(), task_id="py-gate-2")
        human = Human(self.server, "py-gate-2", [("reject", "Claims we cannot back up", None)])
        human.start()
        with self.assertRaises(countersign.ApprovalRejected) as raised:
            gate(FakeTaskOutput("We are the best monitoring platform in the world"))
        human.join(10)
        self.assertEqual(raised.exception.decision.feedback, "Claims we cannot back up")

    def test_submit_revision_sends_the_next_round(self):
        client = self.client()
        human = Human(self.server, "py-rev-1", [("revise", "Add a price", None), ("approve", "", None)])
        human.start()
        first = countersign.request_approval("Pro plan", agent="Pricing Analyst", task_id="py-rev-1", client=client)
        self.assertTrue(first.revision_requested)
        second = countersign.submit_revision("py-rev-1", "Pro plan at $49/month", note="Added the price", client=client)
        human.join(10)
        self.assertTrue(second.approved)
        self.assertEqual(second.version, 2)

    def test_bad_input_and_a_missing_server_are_clear_errors(self):
        with self.assertRaises(countersign.CountersignError) as wrong_secret:
            self.client(secret="not-the-secret").submit("py-bad-1", "Writer", "Hi")
        self.assertEqual(wrong_secret.exception.status, 401)
        self.assertEqual(wrong_secret.exception.code, "invalid_signature")
        with self.assertRaises(countersign.CountersignError) as no_agent:
            self.client().submit("py-bad-2", "", "Hi")
        self.assertEqual(no_agent.exception.status, 400)
        self.assertIn("agent", str(no_agent.exception))
        with self.assertRaises(countersign.CountersignError) as unreachable:
            self.client(server="http://127.0.0.1:9").submit("py-bad-3", "Writer", "Hi")
        self.assertEqual(unreachable.exception.code, "unreachable")
        with self.assertRaises(countersign.CountersignError):
            countersign.Client(server=self.server.url, source="crew", secret="")

    def test_settings_are_never_sent_as_fields_and_unknown_arguments_are_refused(self):
        # server=/source=/secret= set the connection, with no environment; they are not fields of the approval.
        human = Human(self.server, "py-settings-1", [("approve", "", None)])
        human.start()
        decision = countersign.request_approval({"subject": "Hi"}, agent="Writer", task_id="py-settings-1",
                                                server=self.server.url, source="crew", secret=SECRET, timeout=30)
        human.join(10)
        self.assertTrue(decision.approved)
        approval = self.client().get("py-settings-1")
        for setting in ("server", "source", "secret"):
            self.assertNotIn(setting, approval.get("extra", {}))
        self.assertNotIn("secret", approval)
        self.assertNotIn("server", approval)
        # A typo is refused before anything is sent.
        with self.assertRaises(TypeError) as typo:
            countersign.request_approval("Hi", agent="Writer", task_id="py-settings-2", client=self.client(), prioriti="high")
        self.assertIn("prioriti", str(typo.exception))
        with self.assertRaises(countersign.CountersignError) as never_sent:
            self.client().get("py-settings-2")
        self.assertEqual(never_sent.exception.status, 404)
        with self.assertRaises(TypeError):
            countersign.CountersignGate(agent="Writer", client=self.client(), secrett="x")
        with self.assertRaises(TypeError):
            countersign.request_approval("Hi", agent="Writer", client=self.client(), server=self.server.url)

    def test_verify_callback_checks_the_signature_over_time_and_body(self):
        body = b'{"decision": "approve", "task_id": "t-1"}'
        ts = "1700000000"
        good = hmac.new(SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        headers = {"X-Webhook-Timestamp": ts, "X-Webhook-Signature-V2": "t=%s,sha256=%s" % (ts, good)}
        self.assertEqual(countersign.verify_callback(headers, body, SECRET, now=1700000010)["task_id"], "t-1")
        for name, hdrs, body_, now in [
                ("a replay an hour later", headers, body, 1700003600),
                ("a tampered body", headers, body.replace(b"approve", b"reject_"), 1700000010),
                ("another time with the old signature", {"X-Webhook-Timestamp": "1700003600",
                                                          "X-Webhook-Signature-V2": "t=1700003600,sha256=" + good},
                 body, 1700003600),
                ("no V2 signature", {"X-Webhook-Timestamp": ts}, body, 1700000010)]:
            with self.assertRaises(countersign.CountersignError, msg=name) as refused:
                countersign.verify_callback(hdrs, body_, SECRET, now=now)
            self.assertEqual(refused.exception.code, "invalid_signature")

    def test_waiting_gives_up_at_its_timeout(self):
        client = self.client()
        client.submit("py-timeout-1", "Writer", "Hi")
        with self.assertRaises(countersign.CountersignError) as raised:
            client.wait("py-timeout-1", timeout=1)
        self.assertEqual(raised.exception.code, "timeout")


if __name__ == "__main__":
    unittest.main()
