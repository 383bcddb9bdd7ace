// The "Get started with Ponder" walkthrough's last step: a sample problem to solve. The sample ships
// in the extension (media/walkthrough/sample.ponder); it opens as an untitled copy, so the user's
// edits never touch the installed extension, with the cursor in the problem, ready for Solve Selection.
import * as vscode from 'vscode';
import { parseDocument } from '../shared/documents';
import * as notify from './notify';

export const SAMPLE_PATH = ['media', 'walkthrough', 'sample.ponder'] as const;

export async function openWalkthroughSample(extensionUri: vscode.Uri): Promise<vscode.TextEditor | undefined> {
  const file = vscode.Uri.joinPath(extensionUri, ...SAMPLE_PATH);
  let content: string;
  try {
    content = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch (error) {
    notify.error(
      `Ponder: cannot read the sample problem ${file.fsPath}: ${error instanceof Error ? error.message : String(error)}. Reinstalling the extension restores it.`,
    );
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'ponder', content });
  const editor = await vscode.window.showTextDocument(document);
  const problem = parseDocument(content).problems[0];
  if (problem) {
    const start = new vscode.Position(problem.body.range.start.line, problem.body.range.start.character);
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(new vscode.Range(start, start));
  }
  return editor;
}
