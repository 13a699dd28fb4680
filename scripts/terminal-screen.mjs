// What a terminal shows after some output: the few controls patkit writes
// (carriage return, new line, cursor up, erase line, erase to the end of the
// screen) applied to a screen of lines, as a terminal would. Tests judge a
// drawing by what the user is left looking at, not by its bytes. With
// `rows`, the screen is that high: lines scrolled off its top stay in the
// scrollback, where the cursor cannot go back up to.
const esc = String.fromCharCode(27);
const control = new RegExp(`^${esc}\\[(\\d*)([AJKm])`);

export function terminalScreen(output, rows = Number.POSITIVE_INFINITY) {
  // Every line, the scrollback's first; the screen is the last `rows` of them.
  const lines = [''];
  let row = 0;
  let column = 0;
  const top = () => Math.max(0, lines.length - rows);
  const put = (text) => {
    const line = (lines[row] ?? '').padEnd(column);
    lines[row] = line.slice(0, column) + text + line.slice(column + text.length);
    column += text.length;
  };
  for (let at = 0; at < output.length; ) {
    const c = output[at];
    if (c === '\r') {
      column = 0;
      at++;
    } else if (c === '\n') {
      row++;
      column = 0;
      if (row === lines.length) lines.push('');
      at++;
    } else if (c === esc) {
      const found = control.exec(output.slice(at, at + 16));
      if (found === null)
        throw new Error(
          `terminalScreen: an escape it does not know at ${at}: ${JSON.stringify(output.slice(at, at + 16))}`,
        );
      const [all, count, kind] = found;
      if (kind === 'A') row = Math.max(top(), row - Number(count || 1));
      // 2K erases the whole line; J (0) from the cursor to the end of the screen.
      else if (kind === 'K') lines[row] = count === '2' ? '' : (lines[row] ?? '').slice(0, column);
      else if (kind === 'J') {
        lines[row] = (lines[row] ?? '').slice(0, column);
        for (let below = row + 1; below < lines.length; below++) lines[below] = '';
      }
      at += all.length;
    } else {
      let end = at;
      while (end < output.length && !'\r\n\u001b'.includes(output[end])) end++;
      put(output.slice(at, end));
      at = end;
    }
  }
  const shown = lines.map((line) => line.trimEnd());
  while (shown.length > 0 && shown.at(-1) === '') shown.pop();
  return shown;
}
