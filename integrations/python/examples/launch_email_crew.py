"""A CrewAI crew whose launch email a human signs off before it goes out, in as many rounds as it takes.

    pip install crewai                 # CrewAI itself (Countersign's client needs only the standard library)
    export COUNTERSIGN_SERVER=http://127.0.0.1:8765 COUNTERSIGN_SOURCE=demo-crew COUNTERSIGN_SECRET=...
    PYTHONPATH=integrations/python python3 integrations/python/examples/launch_email_crew.py

The approver sees the email in the desktop app (or `countersign watch`). "Request revision" with feedback
sends the feedback back to the writer, whose next version comes back as the next round of the same approval;
"Approve" (or "Edit then approve") lets the crew go on with the approved text; "Reject" stops the crew.
"""

from crewai import Agent, Crew, Task

from countersign import ApprovalRejected, CountersignGate

writer = Agent(
    role="Marketing Copywriter",
    goal="Write launch emails that match the brand voice",
    backstory="You write short, concrete emails for mid-market engineering leaders.",
)

gate = CountersignGate(
    title="Launch email: WalterSignal",
    priority="high",
    criteria=["Matches the brand voice", "No claims we cannot back up", "Personalisation fields are correct"],
    context={"product": "WalterSignal", "audience": "Mid-market CTOs", "campaign": "Q1 launch"},
)

email = Task(
    description="Write the launch email for WalterSignal to mid-market CTOs. Use {{first_name}}.",
    expected_output="A subject line and a body",
    agent=writer,
    guardrail=gate,          # the human gate: revise -> the writer runs again with the feedback
    guardrail_max_retries=3, # as many rounds as the approval allows (max_revisions, default 3)
)

if __name__ == "__main__":
    try:
        result = Crew(agents=[writer], tasks=[email]).kickoff()
        print("Approved after %d round(s):\n%s" % (gate.rounds, result))
    except ApprovalRejected as e:
        print("Rejected: %s" % e.decision.feedback)
