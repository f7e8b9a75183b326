/** A one-line progress bar on a terminal stream; on a non-terminal it prints a line every 10%. */
export function progressBar(out: { write(text: string): unknown; isTTY?: boolean }, total: number) {
  let done = 0;
  let lastShown = -1;
  const show = () => {
    const share = total === 0 ? 1 : Math.min(1, done / total);
    const percent = Math.floor(share * 100);
    if (out.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}%  ${(done / 1048576).toFixed(1)} / ${(total / 1048576).toFixed(1)} MiB`);
    } else if (percent >= lastShown + 10 || percent === 100) {
      lastShown = percent;
      out.write(`uploaded ${percent}%\n`);
    }
  };
  return {
    advance(bytes: number) {
      done += bytes;
      show();
    },
    done() {
      done = total;
      show();
      if (out.isTTY) out.write('\n');
    },
  };
}
