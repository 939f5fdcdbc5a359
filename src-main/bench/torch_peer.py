"""PyTorch side of `npm run bench:engine -- --peer torch` (engine-peers.ts starts it with the system Python).

Trains and infers the same workloads as our engine (an LSTM of the config's layers, a dense head on the
last hidden state, Adam lr 1e-3, MSE, batches of the config's size, float32 as PyTorch trains) and answers
one JSON line per command read on stdin, so the benchmark can interleave its repetitions with ours:

  {"cmd": "setup", "config": {...}, "threads": N, "seconds": S}  -> {"ok": true, "version", "threads", ...}
  {"cmd": "train", "seconds": S}                                   -> {"samplesPerSec": x, "samplesPerCpuSec": y}
  {"cmd": "infer", "seconds": S}                                   -> {"samplesPerSec": x, "samplesPerCpuSec": y}
  {"cmd": "rss"}                                                   -> {"peakRssMb": x}
  {"cmd": "exit"}

Without PyTorch it answers the setup with {"ok": false, "error": "PyTorch is not installed ..."}.
"""

import json
import math
import resource
import sys
import time


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


try:
    import torch
except Exception as error:  # noqa: BLE001 - any import failure means "no PyTorch here"
    torch = None
    import_error = f"{type(error).__name__}: {error}"


def daily_load(n, steps_per_day=96, noise=0.05, seed=1):
    """The shape of our synthetic.ts dailyLoadSeries (values about [-1, 1]); speed does not depend on it."""
    g = torch.Generator().manual_seed(seed)
    t = torch.arange(n, dtype=torch.float32)
    hour = (t % steps_per_day) / steps_per_day * 24

    def bump(centre, width):
        return torch.exp(-0.5 * ((hour - centre) / width) ** 2)

    load = 0.2 + 0.5 * bump(7.5, 1.2) + 0.9 * bump(19, 2)
    return 2 * load - 1 + noise * torch.randn(n, generator=g)


class Forecaster(torch.nn.Module if torch else object):
    """Stacked LSTM (batch first) and a dense head on the last step's hidden state: our engine's 'dense' head."""

    def __init__(self, input_size, hidden_sizes, pred_size):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        if len(set(hidden_sizes)) == 1:
            # equal sizes (S, M, L): one stacked nn.LSTM, PyTorch's fastest form
            self.layers.append(torch.nn.LSTM(input_size, hidden_sizes[0], len(hidden_sizes), batch_first=True))
        else:
            size = input_size
            for h in hidden_sizes:
                self.layers.append(torch.nn.LSTM(size, h, batch_first=True))
                size = h
        self.head = torch.nn.Linear(hidden_sizes[-1], pred_size)

    def forward(self, x):
        for layer in self.layers:
            x, _ = layer(x)
        return self.head(x[:, -1, :])


class Workload:
    def __init__(self, config, threads):
        torch.set_num_threads(threads)
        T, P, B = config["seqLen"], config["predSize"], config["batch"]
        I = config.get("inputSize", 1)
        self.B = B
        n_windows = max(8 * B, 512)
        series = daily_load(n_windows + T + P)
        idx = torch.arange(n_windows)[:, None]
        self.x = series[idx + torch.arange(T)[None, :]].unsqueeze(-1).repeat(1, 1, I).contiguous()
        self.y = series[idx + T + torch.arange(P)[None, :]].contiguous()
        torch.manual_seed(1)
        self.model = Forecaster(I, config["hiddenSizes"], P)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3)
        self.loss = torch.nn.MSELoss()
        self.next = 0
        self.infer_n = max(B, 64)

    def train_step(self):
        n = self.x.shape[0]
        rows = (torch.arange(self.B) + self.next) % n
        self.next = (self.next + self.B) % n
        self.optimizer.zero_grad(set_to_none=True)
        out = self.model(self.x[rows])
        self.loss(out, self.y[rows]).backward()
        self.optimizer.step()
        return self.B

    def infer_step(self):
        with torch.inference_mode():
            self.model(self.x[: self.infer_n])
        return self.infer_n


def measure(step, seconds):
    """Samples per second of wall time and per second of this process's CPU time (all its threads)."""
    t0 = time.perf_counter()
    c0 = time.process_time()
    n = 0
    while True:
        n += step()
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return n / elapsed, n / max(time.process_time() - c0, 1e-9)


def capability():
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def blas():
    """The BLAS library this process loaded (PyTorch's products go through it: Debian builds it with
    BLAS_INFO=generic, so the system's libblas.so.3 alternative decides). The reference (netlib) BLAS makes
    PyTorch's LSTM about 8 times slower than OpenBLAS on this machine."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1].lower()}
    except OSError:
        return "unknown"
    for path in sorted(paths):
        if "openblas" in path.lower():
            return "OpenBLAS"
        if "mkl" in path.lower():
            return "MKL"
    for path in sorted(paths):
        if path.endswith("/blas/libblas.so.3") or "libblas.so" in path:
            return "reference BLAS (netlib: slow; install libopenblas0-pthread)"
    return "unknown"


def main():
    work = None
    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        cmd = msg.get("cmd")
        try:
            if cmd == "setup":
                if torch is None:
                    reply({"ok": False, "error": f"PyTorch is not installed for {sys.executable} ({import_error})"})
                    return
                work = Workload(msg["config"], int(msg.get("threads", 1)))
                seconds = float(msg.get("seconds", 1))
                # warm-up: allocator, oneDNN primitives, about a quarter of a repetition
                measure(work.train_step, 0.25 * seconds)
                work.infer_step()
                reply(
                    {
                        "ok": True,
                        "version": torch.__version__,
                        "threads": torch.get_num_threads(),
                        "capability": capability(),
                        "blas": blas(),
                        "mkldnn": bool(torch.backends.mkldnn.is_available()),
                    }
                )
            elif cmd in ("train", "infer"):
                step = work.train_step if cmd == "train" else work.infer_step
                wall, cpu = measure(step, float(msg.get("seconds", 1)))
                reply({"samplesPerSec": wall, "samplesPerCpuSec": cpu})
            elif cmd == "rss":
                reply({"peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
            elif cmd == "exit":
                return
            else:
                reply({"error": f"unknown command {cmd}"})
        except Exception as error:  # noqa: BLE001 - reported to the benchmark, which prints it
            reply({"ok": False, "error": f"{type(error).__name__}: {error}"})
            return


if __name__ == "__main__":
    main()
