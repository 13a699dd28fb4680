/**
 * The lines a terminal shows after `output` (its controls applied; trailing
 * blank lines dropped), and with `rows` those scrolled into its scrollback first.
 */
export function terminalScreen(output: string, rows?: number): string[];
