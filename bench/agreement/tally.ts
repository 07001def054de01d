// Agreement counted per fact: how many comparable cases agreed, which disagreed (with the file and
// both values, so a failure can be acted on), and which were left out and why.
export interface FactTally {
  compared: number;
  agreed: number;
  disagreements: string[];
  excluded: Map<string, number>;
}

export class Tally {
  readonly facts = new Map<string, FactTally>();

  private get(fact: string): FactTally {
    let t = this.facts.get(fact);
    if (!t) this.facts.set(fact, (t = { compared: 0, agreed: 0, disagreements: [], excluded: new Map() }));
    return t;
  }

  compare(fact: string, file: string, ours: unknown, theirs: unknown, equal = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)): boolean {
    const t = this.get(fact);
    t.compared++;
    if (equal(ours, theirs)) {
      t.agreed++;
      return true;
    }
    t.disagreements.push(`${file}: ours ${JSON.stringify(ours)} · reference ${JSON.stringify(theirs)}`);
    return false;
  }

  exclude(fact: string, reason: string, n = 1): void {
    const t = this.get(fact);
    t.excluded.set(reason, (t.excluded.get(reason) ?? 0) + n);
  }

  /** Facts below 100 % (or never compared at all: a fact that was never compared proves nothing). */
  failures(): string[] {
    return [...this.facts.entries()].filter(([, t]) => t.compared === 0 || t.agreed < t.compared).map(([f]) => f);
  }

  report(): string {
    const rows = [...this.facts.entries()].map(([fact, t]) => {
      const pct = t.compared ? ((100 * t.agreed) / t.compared).toFixed(t.agreed === t.compared ? 0 : 2) : '–';
      const excluded = [...t.excluded.values()].reduce((a, b) => a + b, 0);
      return `| ${fact} | ${t.agreed} / ${t.compared} | ${pct} % | ${excluded} |`;
    });
    const lines = ['| fact | agreed | agreement | left out |', '|---|---|---|---|', ...rows, ''];
    for (const [fact, t] of this.facts) {
      if (t.excluded.size) lines.push(`${fact} — left out: ${[...t.excluded.entries()].map(([r, n]) => `${n} × ${r}`).join('; ')}`);
    }
    for (const [fact, t] of this.facts) {
      for (const d of t.disagreements.slice(0, 20)) lines.push(`DISAGREE ${fact}: ${d}`);
      if (t.disagreements.length > 20) lines.push(`DISAGREE ${fact}: … and ${t.disagreements.length - 20} more`);
    }
    return lines.join('\n');
  }
}
