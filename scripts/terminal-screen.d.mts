/** The lines a terminal shows after `output` (its controls applied; trailing blank lines dropped). */
export function terminalScreen(output: string): string[];
