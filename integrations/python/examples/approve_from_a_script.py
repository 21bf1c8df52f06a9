"""The smallest use: submit a price change and block until a human decides (standard library only).

    export COUNTERSIGN_SERVER=http://127.0.0.1:8765 COUNTERSIGN_SOURCE=demo-crew COUNTERSIGN_SECRET=...
    PYTHONPATH=integrations/python python3 integrations/python/examples/approve_from_a_script.py
"""

import sys

from countersign import CountersignError, request_approval

try:
    decision = request_approval(
        {"recommendation": "Raise Pro from $39 to $49/month", "budget": 15000},
        agent="Pricing Analyst",
        title="Raise Pro plan to $49/month",
        priority="high",
        timeout=3600,  # give up waiting after an hour (the approval itself stays)
    )
except CountersignError as e:
    sys.exit("countersign: %s" % e)

print(decision)
sys.exit(0 if decision.approved else 1)
