// "Set API Key..." and "Clear API Keys": keys go into SecretStorage only; the change event pushes
// them to the server (`ponder/setSecrets`).
import * as vscode from 'vscode';
import * as notify from './notify';
import { SECRET_LABELS, type ApiKeys, type SecretName } from './secrets';

export async function setApiKey(keys: ApiKeys): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    (Object.keys(SECRET_LABELS) as SecretName[]).map((name) => ({ label: SECRET_LABELS[name], name })),
    { title: 'Ponder: Set API Key', placeHolder: 'Which endpoint is the key for?' },
  );
  if (!picked) return;
  const value = await vscode.window.showInputBox({
    title: `Ponder: API key for the ${picked.label}`,
    prompt: "Stored in VS Code SecretStorage and sent only to Ponder's language server; never written to settings or logs.",
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? 'Enter a key, or use "Ponder: Clear API Keys" to remove keys.' : undefined),
  });
  if (value === undefined) return;
  await keys.store(picked.name, value.trim());
  notify.info(`Ponder: the API key for the ${picked.label} is stored.`);
}

export async function clearApiKeys(keys: ApiKeys): Promise<void> {
  await keys.clear();
  notify.info('Ponder: API keys cleared.');
}
