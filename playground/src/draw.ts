/** Drawing on canvases: the ELBO curve and grids of grey-level images. */
import type { ImageBatch } from './messages.js';

/** The ELBO per step as a line, with the range on the left. */
export function drawCurve(canvas: HTMLCanvasElement, values: readonly number[]): void {
  const g = canvas.getContext('2d');
  if (g === null) return;
  const { width, height } = canvas;
  g.clearRect(0, 0, width, height);
  canvas.dataset['points'] = String(values.length);
  if (values.length < 2) return;
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = 40;
  const x = (i: number) => pad + ((width - pad - 8) * i) / (values.length - 1);
  const y = (v: number) => 8 + (height - 24) * (1 - (v - lo) / Math.max(hi - lo, 1e-9));
  g.strokeStyle = '#7c3aed';
  g.lineWidth = 1.5;
  g.beginPath();
  values.forEach((v, i) => (i === 0 ? g.moveTo(x(i), y(v)) : g.lineTo(x(i), y(v))));
  g.stroke();
  g.fillStyle = '#4b5563';
  g.font = '11px system-ui, sans-serif';
  g.fillText(hi.toFixed(0), 2, 14);
  g.fillText(lo.toFixed(0), 2, height - 18);
  g.fillText(`step ${values.length}`, width - 60, height - 4);
}

/** Images in a grid, `perRow` to a row, each pixel a grey level in [0, 1] (1 drawn black). */
export function drawImageGrid(canvas: HTMLCanvasElement, batch: ImageBatch, perRow: number): void {
  const g = canvas.getContext('2d');
  if (g === null) return;
  const rows = Math.ceil(batch.n / perRow);
  canvas.width = perRow * batch.side;
  canvas.height = rows * batch.side;
  const img = g.createImageData(canvas.width, canvas.height);
  for (let k = 0; k < batch.n; k++) {
    const ox = (k % perRow) * batch.side;
    const oy = Math.floor(k / perRow) * batch.side;
    for (let r = 0; r < batch.side; r++) {
      for (let c = 0; c < batch.side; c++) {
        const v = batch.pixels[k * batch.side * batch.side + r * batch.side + c] ?? 0;
        const grey = 255 - Math.round(255 * Math.min(1, Math.max(0, v)));
        const at = 4 * ((oy + r) * canvas.width + ox + c);
        img.data[at] = grey;
        img.data[at + 1] = grey;
        img.data[at + 2] = grey;
        img.data[at + 3] = 255;
      }
    }
  }
  g.putImageData(img, 0, 0);
  canvas.style.width = `${canvas.width * 2}px`;
  canvas.style.height = `${canvas.height * 2}px`;
  canvas.dataset['drawn'] = String(batch.n);
}
