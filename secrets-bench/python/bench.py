"""Python's side of secrets-bench: times Python's `secrets` and Python's recipe with timeit.

Run by secrets-bench once per round, as a subprocess between the Rust measurements:

    python3 bench.py calibrate SECONDS    # finds a number of calls per case taking about SECONDS
    python3 bench.py run CASE=NUMBER ...  # times NUMBER calls of each CASE

Each case prints one line: `CASE<TAB>NUMBER<TAB>NANOSECONDS_PER_CALL`. timeit turns the garbage
collector off while it times, as it does by default.
"""

import sys
import timeit

SETUP = """
import os
import secrets
import string
alphabet = string.ascii_letters + string.digits
"""

# The recipe is the loop of Python's documentation (the `secrets` module's page),
# character for character: ten `secrets.choice` calls per attempt, until the rules hold.
RECIPE = """
while True:
    password = ''.join(secrets.choice(alphabet) for i in range(10))
    if (any(c.islower() for c in password)
        and any(c.isupper() for c in password)
        and sum(c.isdigit() for c in password) >= 3):
        break
"""

CASES = {
    "urandom32": "os.urandom(32)",
    "token_bytes32": "secrets.token_bytes(32)",
    "token_hex32": "secrets.token_hex(32)",
    "token_urlsafe32": "secrets.token_urlsafe(32)",
    "recipe_card": RECIPE,
}


def timer(case):
    return timeit.Timer(CASES[case], setup=SETUP)


def calibrate(seconds):
    for case in CASES:
        number = 1
        while True:
            elapsed = timer(case).timeit(number)
            if elapsed >= seconds / 4:
                break
            number *= 2
        number = max(1, round(number * seconds / elapsed))
        report(case, number, elapsed / number)


def run(requests):
    for request in requests:
        case, number = request.split("=")
        number = int(number)
        report(case, number, timer(case).timeit(number) / number)


def report(case, number, seconds_per_call):
    print(f"{case}\t{number}\t{seconds_per_call * 1e9:.3f}", flush=True)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "calibrate":
        calibrate(float(sys.argv[2]))
    elif len(sys.argv) >= 2 and sys.argv[1] == "run":
        run(sys.argv[2:])
    else:
        sys.exit("usage: bench.py calibrate SECONDS | bench.py run CASE=NUMBER ...")


if __name__ == "__main__":
    main()
