# The convolutional VAE of issue 11 (examples/vae-conv.tilde's architecture) in PyTorch (CPU), printing the
# same metrics as vae_torch.py (one JSON line per epoch, then IWAE). Usage, from the repository root:
#   OMP_NUM_THREADS=1 /usr/bin/python3 bench/reference/vae_conv_torch.py --threads 1 --epochs 10 \
#     [--dataset mnist|fashion-mnist] [--z 20] [--binarize fixed|dynamic] [--iwae-k 1000 --iwae-n 10000] \
#     [--ntrain 60000 --ntest 10000] [--scale exp|softplus] [--json out.json]
#
# Architecture (channel-first [C, H, W] images, as Tilde's):
#   decoder p(x|z): Linear(Z -> 1568), relu, Reshape(32, 7, 7),
#                   ConvTranspose2d(32 -> 16, kernel 4, stride 2, padding 1), relu,      [16, 14, 14]
#                   ConvTranspose2d(16 -> 1, kernel 4, stride 2, padding 1), sigmoid      [1, 28, 28]
#                   (the sigmoid is folded into the Bernoulli log-likelihood as logits)
#   encoder q(z|x): Conv2d(1 -> 16, kernel 4, stride 2, padding 1), relu, Flatten,         [16, 14, 14] = 3136
#                   Linear(3136 -> 2Z): (mu, s) with scale exp(s / 2) (--scale exp, vae_torch.py's
#                   log-variance) or softplus(s) + 1e-4 (--scale softplus, Tilde's derived Normal head)
# Prior N(0, I); one reparameterized sample; analytic KL; batch 128; Adam 1e-3 (Kingma & Welling 2014).
# Data: binarized at p/255 > 0.5 (fixed) from the same IDX files Tilde reads (mnist.py).
import sys, time, math, argparse, json, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import mnist

p = argparse.ArgumentParser()
p.add_argument('--threads', type=int, default=1)
p.add_argument('--epochs', type=int, default=10)
p.add_argument('--dataset', default='mnist', choices=['mnist', 'fashion-mnist'])
p.add_argument('--z', type=int, default=20)
p.add_argument('--scale', default='exp', choices=['exp', 'softplus'])
# one-conv: Conv2d(1 -> 16), Flatten, Linear(3136 -> 2Z) (the encoder line); two-conv: examples/vae-conv.tilde's
# encoder, Conv2d(1 -> 16), relu, Conv2d(16 -> 32), relu, Flatten, Linear(1568 -> 2Z)
p.add_argument('--encoder', default='one-conv', choices=['one-conv', 'two-conv'])
p.add_argument('--binarize', default='fixed')
p.add_argument('--seed', type=int, default=0)
p.add_argument('--iwae-k', type=int, default=1000)
p.add_argument('--iwae-n', type=int, default=10000)
p.add_argument('--json', default='')
p.add_argument('--ntrain', type=int, default=60000)
p.add_argument('--ntest', type=int, default=10000)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed); np.random.seed(a.seed)
print(f"torch {torch.__version__} threads={torch.get_num_threads()} dataset={a.dataset} binarize={a.binarize} z={a.z} scale={a.scale} encoder={a.encoder}", flush=True)

tr_np, te_np = mnist.load(a.binarize, a.dataset)
if a.binarize == 'dynamic':
    te_np = (te_np > 0.5).astype(np.float32)  # as vae_torch.py: a fixed threshold for the test set
# [N, 1, 28, 28], channel-first
tr = torch.from_numpy(tr_np[:a.ntrain]).reshape(-1, 1, 28, 28); te = torch.from_numpy(te_np[:a.ntest]).reshape(-1, 1, 28, 28)
B, Z = 128, a.z

class ConvVAE(nn.Module):
    def __init__(s):
        super().__init__()
        s.e1 = nn.Conv2d(1, 16, kernel_size=4, stride=2, padding=1)
        s.e1b = nn.Conv2d(16, 32, kernel_size=4, stride=2, padding=1) if a.encoder == 'two-conv' else None
        s.e2 = nn.Linear(1568 if a.encoder == 'two-conv' else 3136, 2 * Z)
        s.d1 = nn.Linear(Z, 1568)
        s.d2 = nn.ConvTranspose2d(32, 16, kernel_size=4, stride=2, padding=1)
        s.d3 = nn.ConvTranspose2d(16, 1, kernel_size=4, stride=2, padding=1)
    def encode(s, x):  # -> loc, scale
        h = F.relu(s.e1(x))
        if s.e1b is not None: h = F.relu(s.e1b(h))
        o = s.e2(torch.flatten(h, 1))
        loc, raw = o[:, :Z], o[:, Z:]
        scale = torch.exp(0.5 * raw) if a.scale == 'exp' else F.softplus(raw) + 1e-4
        return loc, scale
    def decode(s, z):  # -> Bernoulli logits [n, 1, 28, 28]
        h = F.relu(s.d1(z)).reshape(-1, 32, 7, 7)
        return s.d3(F.relu(s.d2(h)))
    def neg_elbo(s, x):  # per-datapoint vector
        loc, scale = s.encode(x)
        z = loc + scale * torch.randn_like(loc)
        logits = s.decode(z)
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum((1, 2, 3))
        kl = (0.5 * (loc.pow(2) + scale.pow(2)) - 0.5 - torch.log(scale)).sum(1)
        return rec + kl

m = ConvVAE()
opt = torch.optim.Adam(m.parameters(), lr=1e-3)
nparams = sum(p.numel() for p in m.parameters())
print('params', nparams, flush=True)

@torch.no_grad()
def eval_elbo(x, bs=1000):
    m.eval(); tot = 0.0
    for i in range(0, x.shape[0], bs):
        tot += m.neg_elbo(x[i:i + bs]).sum().item()
    m.train(); return -tot / x.shape[0]

@torch.no_grad()
def iwae_ll(x, k, chunk):
    # log p(x) ~= logsumexp_k [log p(x|z_k) + log p(z_k) - log q(z_k|x)] - log k  (Burda et al. 2016)
    out = []
    for i in range(x.shape[0]):
        xi = x[i:i + 1]
        loc, scale = m.encode(xi)
        lws = []
        for j in range(0, k, chunk):
            kk = min(chunk, k - j)
            eps = torch.randn(kk, Z); z = loc + scale * eps
            logits = m.decode(z)
            logpx = -F.binary_cross_entropy_with_logits(logits, xi.expand(kk, 1, 28, 28), reduction='none').sum((1, 2, 3))
            logpz = -0.5 * (z.pow(2) + math.log(2 * math.pi)).sum(1)
            logq = (-0.5 * (eps.pow(2) + math.log(2 * math.pi)) - torch.log(scale)).sum(1)
            lws.append(logpx + logpz - logq)
        lw = torch.cat(lws)
        out.append((torch.logsumexp(lw, 0) - math.log(k)).item())
    return float(np.mean(out)), float(np.std(out) / math.sqrt(len(out)))

res = {'threads': a.threads, 'dataset': a.dataset, 'binarize': a.binarize, 'z': Z, 'scale': a.scale, 'params': nparams,
       'ntrain': tr.shape[0], 'ntest': te.shape[0], 'epochs': []}
g = torch.Generator().manual_seed(a.seed)
for ep in range(1, a.epochs + 1):
    perm = torch.randperm(tr.shape[0], generator=g)
    t0 = time.perf_counter(); step_ts = []; run = 0.0; n = 0
    for i in range(0, tr.shape[0], B):
        ts = time.perf_counter()
        xb = tr[perm[i:i + B]]
        if a.binarize == 'dynamic':
            xb = torch.bernoulli(xb)
        loss = m.neg_elbo(xb).mean()
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        run += loss.item() * xb.shape[0]; n += xb.shape[0]
        step_ts.append(time.perf_counter() - ts)
    wall = time.perf_counter() - t0
    te0 = time.perf_counter()
    test_elbo = eval_elbo(te)
    train_full = eval_elbo(tr if a.binarize == 'fixed' else torch.bernoulli(tr))
    evt = time.perf_counter() - te0
    st = sorted(step_ts); med = st[len(st) // 2] * 1e3
    r = dict(epoch=ep, wall_s=round(wall, 3), median_ms_step=round(med, 3), mean_ms_step=round(1e3 * sum(st) / len(st), 3),
             samples_per_s=round(tr.shape[0] / wall, 1), train_elbo_running=round(-run / n, 3), train_elbo_eval=round(train_full, 3),
             test_elbo=round(test_elbo, 3), eval_s=round(evt, 2))
    res['epochs'].append(r)
    print(json.dumps(r), flush=True)

if a.iwae_k:
    t0 = time.perf_counter()
    ll, se = iwae_ll(te[:a.iwae_n], a.iwae_k, chunk=min(a.iwae_k, 1000))
    res['iwae'] = dict(k=a.iwae_k, n=min(a.iwae_n, te.shape[0]), ll=round(ll, 3), se=round(se, 3), secs=round(time.perf_counter() - t0, 1))
    print('IWAE', json.dumps(res['iwae']), flush=True)
if a.json:
    json.dump(res, open(a.json, 'w'), indent=1)
