// Step scores of solution blocks in open documents, kept by the solution's text (not its position) so
// they follow the block when lines above it change and vanish when the solution itself is edited.
import type { ScoreStepsResult } from '../shared/api';
import { parseDocument, type ParsedDocument, type SolutionBlock } from '../shared/documents';

interface ScoredSolution {
  problem: string;
  solution: string;
  result: ScoreStepsResult;
}

/** A scored solution as it stands in the current text: step offsets are document offsets. */
export interface PlacedScores {
  block: SolutionBlock;
  steps: Array<{ index: number; score: number; start: number; end: number }>;
}

const MAX_PER_DOCUMENT = 100;

export class DocumentScores {
  private readonly byUri = new Map<string, ScoredSolution[]>();

  record(uri: string, problem: string, solution: string, result: ScoreStepsResult): void {
    const kept = (this.byUri.get(uri) ?? []).filter((s) => !(s.solution === solution && s.problem === problem));
    kept.push({ problem, solution, result });
    this.byUri.set(uri, kept.slice(-MAX_PER_DOCUMENT));
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  /** The scored solutions found, unchanged, in the document's current text. */
  place(uri: string, text: string, parsed: ParsedDocument = parseDocument(text)): PlacedScores[] {
    const scored = this.byUri.get(uri);
    if (!scored?.length) return [];
    const placed: PlacedScores[] = [];
    for (const block of parsed.solutions) {
      const problem = block.problemIndex === null ? '' : parsed.problems[block.problemIndex].body.text;
      const match = scored.find((s) => s.solution === block.body.text && s.problem === problem);
      if (!match) continue;
      placed.push({
        block,
        steps: match.result.steps.map((step) => ({
          index: step.index,
          score: step.score,
          start: block.body.start + step.start,
          end: block.body.start + step.end,
        })),
      });
    }
    return placed;
  }
}
