// What a terminal shows after some output: the few controls patkit writes
// (carriage return, new line, cursor up, erase line, erase to the end of the
// screen) applied to a screen of lines, as a terminal would. Tests judge a
// drawing by what the user is left looking at, not by its bytes.
const control = new RegExp(`^${String.fromCharCode(27)}\\[(\\d*)([AJKm])`);

export function terminalScreen(output) {
  const screen = [''];
  let row = 0;
  let column = 0;
  const put = (text) => {
    const line = (screen[row] ?? '').padEnd(column);
    screen[row] = line.slice(0, column) + text + line.slice(column + text.length);
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
      screen[row] ??= '';
      at++;
    } else if (c === String.fromCharCode(27)) {
      const found = control.exec(output.slice(at, at + 16));
      if (found === null)
        throw new Error(
          `terminalScreen: an escape it does not know at ${at}: ${JSON.stringify(output.slice(at, at + 16))}`,
        );
      const [all, count, kind] = found;
      if (kind === 'A') row = Math.max(0, row - Number(count || 1));
      // 2K erases the whole line; J (0) from the cursor to the end of the screen.
      else if (kind === 'K') screen[row] = count === '2' ? '' : (screen[row] ?? '').slice(0, column);
      else if (kind === 'J') {
        screen[row] = (screen[row] ?? '').slice(0, column);
        screen.length = row + 1;
      }
      at += all.length;
    } else {
      let end = at;
      while (end < output.length && !'\r\n\u001b'.includes(output[end])) end++;
      const text = output.slice(at, end);
      put(text);
      at += text.length;
    }
  }
  const lines = screen.map((line) => line.trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}
