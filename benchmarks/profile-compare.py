#!/usr/bin/env python3
"""CPU per request by frame, from a paired.sh run with PROFILER set.

For every configuration: the app's CPU per request over its bursts (bursts.csv), and each
frame's share of the app's profile samples (<config>/profile-*.collapsed) times that CPU, so
profiles of different apps compare per request. Prints a few categories per configuration and
the frames whose CPU per request grew most against the baseline.

Usage: benchmarks/profile-compare.py <paired.sh results directory> [baseline] [frames]
"""
import collections
import csv
import glob
import os
import re
import sys

STARTER = re.compile(r'^io/middlewaretrace/(?!sample/)')
# a starter frame calling one of these hands the request on (a filter chain, a valve, the
# response the application writes through the starter's wrapper): what follows is not its work
PASS_ON = {'doFilter', 'doFilterInternal', 'invoke', 'service', 'flush', 'write', 'addHeader', 'setHeader',
           'sendError', 'getOutputStream', 'getWriter'}
CATEGORIES = [
    ('JIT compiler threads', re.compile(r'CompileBroker')),
    ('GC threads', re.compile(r'G1|GCTask|ConcurrentGCThread|WorkerThread::run')),
    ('access log, request thread', re.compile(r'AccessLogger\.requestCompleted')),
    ('access log, writer thread', re.compile(r'JsonLineAppender\.writeUntilStopped')),
    ('Micrometer Tracing', re.compile(r'io/micrometer/tracing')),
]


def norm(frame):
    frame = re.sub(r'\$\$Lambda[^.;]*\.0x[0-9a-f]+', '$$Lambda', frame)
    return re.sub(r'0x[0-9a-f]+', '', frame).strip()


def method(frame):
    return frame.rsplit('.', 1)[-1] if '.' in frame else frame


def cpu_per_request(results, config):
    requests = cpu = 0.0
    with open(os.path.join(results, 'bursts.csv')) as f:
        for row in csv.DictReader(f):
            if row['config'] == config and row['cpu_us_per_request']:
                requests += int(row['requests'])
                cpu += int(row['requests']) * float(row['cpu_us_per_request'])
    return cpu / requests if requests else 0.0


def profile(results, config):
    total = 0
    frames = collections.Counter()
    categories = collections.Counter()
    own = 0
    for path in glob.glob(os.path.join(results, config, 'profile-*.collapsed')):
        with open(path) as f:
            for line in f:
                stack, _, count = line.rstrip('\n').rpartition(' ')
                n = int(count)
                total += n
                names = [norm(x) for x in stack.split(';')]
                for name in set(names):
                    frames[name] += n
                for label, pattern in CATEGORIES:
                    if pattern.search(stack):
                        categories[label] += n
                last = max((i for i, name in enumerate(names) if STARTER.match(name)), default=-1)
                if last >= 0 and (last == len(names) - 1 or method(names[last + 1]) not in PASS_ON):
                    own += n
    return total, frames, categories, own


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    results = sys.argv[1]
    baseline = sys.argv[2] if len(sys.argv) > 2 else 'disabled'
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    configs = sorted(d for d in os.listdir(results) if glob.glob(os.path.join(results, d, 'profile-*.collapsed')))
    if baseline not in configs:
        sys.exit(f'no profile of the baseline {baseline} in {results}')
    data = {}
    for config in configs:
        cpu = cpu_per_request(results, config)
        total, frames, categories, own = profile(results, config)
        scale = cpu / total if total else 0.0
        data[config] = (cpu, {k: v * scale for k, v in frames.items()},
                        {k: v * scale for k, v in categories.items()}, own * scale, total)
    print('CPU per request (us)'.ljust(40) + ''.join(c.rjust(16) for c in configs))
    print('the whole app'.ljust(40) + ''.join(f'{data[c][0]:16.1f}' for c in configs))
    print("the starter's own work".ljust(40) + ''.join(f'{data[c][3]:16.2f}' for c in configs))
    for label, _ in CATEGORIES:
        print(label.ljust(40) + ''.join(f'{data[c][2].get(label, 0.0):16.2f}' for c in configs))
    print('profile samples'.ljust(40) + ''.join(f'{data[c][4]:16d}' for c in configs))
    base = data[baseline][1]
    for config in configs:
        if config == baseline:
            continue
        frames = data[config][1]
        print(f'\nframes outside the starter whose CPU per request grew most, {config} against {baseline} (us):')
        # the starter's and the sample's frames wrap the whole request: their growth is counted
        # as the starter's own work above; list what grew elsewhere
        names = [k for k in set(frames) | set(base) if not k.startswith('io/middlewaretrace/')]
        for name in sorted(names, key=lambda k: base.get(k, 0) - frames.get(k, 0))[:top]:
            print(f'{base.get(name, 0):9.2f} {frames.get(name, 0):9.2f} {frames.get(name, 0) - base.get(name, 0):+8.2f}  {name[:140]}')


if __name__ == '__main__':
    main()
