"""Runs a command on a pseudo-terminal, as an operator at a terminal would, and types into it.

python3 terminal.py SPEC_JSON; SPEC_JSON: {"command": [...], "cwd": "...", "steps": [{"expect": "Password: ", "type": "..."}], "timeout": 60}
Each step waits for `expect` in the terminal's output (after the previous step's), notes whether the
terminal echoes input at that moment, then types `type` one character at a time. Prints one JSON
line: {"output": everything the terminal showed (the command's stdout and stderr and any echo),
"code": the command's exit code (negative: killed by that signal), "echoAtSteps": [...],
"afterExit": {"echo": ..., "canonical": ...} (the terminal's modes once the command has ended),
"stepsDone": n, "timedOut": bool}.
"""
import json
import os
import pty
import select
import signal
import subprocess
import sys
import termios
import time

spec = json.loads(sys.argv[1])
steps = spec.get("steps", [])
report_r, report_w = os.pipe()
pid, master = pty.fork()
if pid == 0:
    # The child: a session leader whose controlling terminal is the pty; it runs the command, then
    # reports the command's exit code and the terminal's modes as the command left them.
    os.close(report_r)
    try:
        code = subprocess.call(spec["command"], cwd=spec.get("cwd"))
        lflag = termios.tcgetattr(0)[3]
        os.write(report_w, json.dumps({"code": code, "echo": bool(lflag & termios.ECHO), "canonical": bool(lflag & termios.ICANON)}).encode())
    finally:
        os._exit(0)
os.close(report_w)

output = bytearray()
echo_at_steps = []
done = 0
searched_from = 0
timed_out = False
deadline = time.monotonic() + spec.get("timeout", 60)
while True:
    while done < len(steps):
        expect = steps[done]["expect"].encode()
        at = output.find(expect, searched_from)
        if at < 0:
            break
        searched_from = at + len(expect)
        # The slave's modes, read through the master (Linux answers for the pair).
        echo_at_steps.append(bool(termios.tcgetattr(master)[3] & termios.ECHO))
        for ch in steps[done]["type"]:
            os.write(master, ch.encode())
            time.sleep(0.005)
        done += 1
    if time.monotonic() > deadline:
        timed_out = True
        os.killpg(pid, signal.SIGKILL)
        break
    ready, _, _ = select.select([master], [], [], 0.1)
    if not ready:
        continue
    try:
        data = os.read(master, 4096)
    except OSError:  # EIO: every process holding the terminal has ended
        break
    if not data:
        break
    output += data

os.waitpid(pid, 0)
with os.fdopen(report_r) as r:
    report = r.read()
after = json.loads(report) if report else {}
print(json.dumps({
    "output": output.decode("utf-8", "replace"),
    "code": after.get("code"),
    "echoAtSteps": echo_at_steps,
    "afterExit": {k: after[k] for k in ("echo", "canonical") if k in after},
    "stepsDone": done,
    "timedOut": timed_out,
}))
