"""Server-side p50/p99 per route from the request log lines on stdin (their `route` and `ms`)."""
import collections
import re
import sys

times = collections.defaultdict(list)
for route, ms in re.findall(r'route="([^"]+)" status=\d+ ms=([0-9.]+)', sys.stdin.read()):
    times[route].append(float(ms))
for route, v in sorted(times.items()):
    v.sort()
    print(f"  server {route}: n={len(v)} p50={v[len(v)//2]:.2f} ms p99={v[int(len(v)*0.99)]:.2f} ms")
