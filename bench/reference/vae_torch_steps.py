# The flagship VAE of vae_torch.py timed the way `npm run bench` times Tilde's programs: a fixed number of
# training steps (after a warm-up) on binarized MNIST batches of 128, one JSON line with the median step
# time. bench/run.ts runs it right after each wasm configuration, with the same thread count, so the two
# figures of a `tildeOverPytorch` ratio are measured back to back. Usage:
#   OMP_NUM_THREADS=1 /usr/bin/python3 vae_torch_steps.py --threads 1 --steps 60 --warmup 5
# The model, loss and optimizer are exactly vae_torch.py's (784-400-20, ReLU, Bernoulli logits, analytic
# KL, Adam 1e-3); a step is forward, backward, Adam and reading the loss back (as Tilde's step does).
import sys, os, time, json, argparse
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import mnist

p = argparse.ArgumentParser()
p.add_argument('--threads', type=int, default=1)
p.add_argument('--steps', type=int, default=60)
p.add_argument('--warmup', type=int, default=5)
p.add_argument('--seed', type=int, default=0)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
tr_np, _ = mnist.load('fixed')
tr = torch.from_numpy(tr_np)
B, D, H, Z = 128, 784, 400, 20

class VAE(nn.Module):
    def __init__(s):
        super().__init__()
        s.e1 = nn.Linear(D, H); s.e2 = nn.Linear(H, 2 * Z)
        s.d1 = nn.Linear(Z, H); s.d2 = nn.Linear(H, D)
    def neg_elbo(s, x):
        o = s.e2(F.relu(s.e1(x)))
        mu, logvar = o[:, :Z], o[:, Z:]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        logits = s.d2(F.relu(s.d1(z)))
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum(1)
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(1)
        return rec + kl

m = VAE()
opt = torch.optim.Adam(m.parameters(), lr=1e-3)
g = torch.Generator().manual_seed(a.seed)
perm = torch.randperm(tr.shape[0], generator=g)
times, losses = [], []
for s in range(a.warmup + a.steps):
    i = (s * B) % (tr.shape[0] - B)
    xb = tr[perm[i:i + B]]
    t0 = time.perf_counter()
    loss = m.neg_elbo(xb).mean()
    opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    value = loss.item()
    t1 = time.perf_counter()
    if s >= a.warmup:
        times.append(1e3 * (t1 - t0)); losses.append(value)
# Which BLAS the process loaded (Debian's python3-torch links libblas.so.3: the reference BLAS is ~35x
# slower at these products than OpenBLAS; `apt-get install libopenblas0-pthread` switches it).
try:
    maps = open('/proc/self/maps').read()
    blas = 'openblas' if 'openblas' in maps else 'mkl' if 'libmkl' in maps else 'reference' if '/blas/libblas' in maps else 'unknown'
except OSError:
    blas = 'unknown'
st = sorted(times)
med = st[len(st) // 2]
print(json.dumps(dict(torch=torch.__version__, threads=torch.get_num_threads(), blas=blas, steps=len(st), medianMs=med,
                      meanMs=sum(st) / len(st), imagesPerSecond=1e3 * B / med, firstLoss=losses[0], lastLoss=losses[-1])))
