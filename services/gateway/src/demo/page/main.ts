import { cancelJob, loadConfig, mintToken, submitJob } from './api.ts';
import { errorMessage, find, fromTemplate } from './dom.ts';
import { JobCard } from './job-card.ts';
import { type JobPreset, PRESETS } from './presets.ts';
import { Session } from './session.ts';

const form = find(document, '#token-form', HTMLFormElement);
const userInput = find(document, '#user', HTMLInputElement);
const sessionText = find(document, '#session', HTMLElement);
const connection = find(document, '#connection', HTMLElement);
const problem = find(document, '#problem', HTMLElement);
const jobs = find(document, '#jobs', HTMLOListElement);
const presetList = find(document, '#presets', HTMLUListElement);

let session: Session | undefined;
const submitButtons: HTMLButtonElement[] = [];

function showProblem(error: unknown): void {
  problem.textContent = errorMessage(error);
  problem.hidden = false;
}

function showConnection(state: string): void {
  connection.textContent = state;
  connection.dataset.state = state;
}

/** Without a configured URL the WebSocket is expected at /ws beside the page, as behind a routing proxy. */
function sameOriginWsUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

async function signIn(user: string, wsUrl: string): Promise<void> {
  const token = await mintToken(user);
  if (session?.user === user) {
    session.replaceToken(token);
  } else {
    // Another user cannot see the previous one's jobs, so their cards go with the old connection.
    await session?.close();
    jobs.replaceChildren();
    session = new Session(user, token, wsUrl);
    session.client.on('state', showConnection);
    session.client.on('error', showProblem);
    showConnection(session.client.state);
  }
  const expires = new Date(token.expiresAt).toLocaleTimeString(undefined, { hour12: false });
  sessionText.textContent = `Signed in as ${user}. The token expires at ${expires} and is renewed as needed.`;
  for (const button of submitButtons) button.disabled = false;
  problem.hidden = true;
}

async function submit(preset: JobPreset): Promise<void> {
  const current = session;
  if (!current) throw new Error('get a dev token first');
  const job = await submitJob(await current.token(), preset.type, preset.input());
  const card = new JobCard(job, preset.label, preset.id, (target) => {
    void cancel(current, target);
  });
  jobs.prepend(card.element);
  // From seq 0: the job was just submitted here, and its first steps may be over before the socket subscribes.
  const watch = current.client.watch(job.id, {
    level: 'detail',
    since: 0,
    onUpdate: (update) => card.update(update),
  });
  watch.on('recovered', (recovered) => {
    if (!recovered) card.note('Some step events were missed while reconnecting; the latest state is shown.');
  });
  watch.done.catch(() => {
    if (current === session) card.note('No longer watching this job: the connection was closed.');
  });
}

async function cancel(owner: Session, card: JobCard): Promise<void> {
  card.cancelBusy(true);
  try {
    await cancelJob(await owner.token(), card.jobId);
    card.note(
      'Cancel requested: before the point of no return the saga undoes its steps; from it on, it refuses and goes on.',
    );
  } catch (error) {
    card.note(`Cancel failed: ${errorMessage(error)}`);
  } finally {
    card.cancelBusy(false);
  }
}

function renderPresets(): void {
  for (const preset of PRESETS) {
    const item = fromTemplate('preset-template', HTMLLIElement);
    const button = find(item, 'button', HTMLButtonElement);
    button.textContent = preset.label;
    button.dataset.testid = `submit-${preset.id}`;
    const description = find(item, '.note', HTMLElement);
    description.id = `preset-${preset.id}`;
    description.textContent = preset.description;
    button.setAttribute('aria-describedby', description.id);
    button.addEventListener('click', () => {
      submit(preset).catch(showProblem);
    });
    submitButtons.push(button);
    presetList.append(item);
  }
}

renderPresets();
const wsUrl = loadConfig().then((config) => config.wsUrl ?? sameOriginWsUrl());
wsUrl.catch(showProblem);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const user = userInput.value.trim();
  wsUrl.then((url) => signIn(user, url)).catch(showProblem);
});
