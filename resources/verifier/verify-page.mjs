// ── the page: drop in timeline-bundle.json, add what witnesses saw, read what is proven ──

const $ = (id) => document.getElementById(id);
let chosen = null;

function choose(file) {
  chosen = file;
  $('chosen').textContent = file ? `${file.name} (${file.size.toLocaleString()} bytes)` : 'No file chosen yet.';
  $('verify').disabled = !file;
}

function list(title, lines, className) {
  const section = document.createElement('section');
  section.className = className;
  const heading = document.createElement('h2');
  heading.textContent = title;
  const items = document.createElement('ul');
  for (const line of lines) {
    const item = document.createElement('li');
    item.textContent = line;
    items.append(item);
  }
  section.append(heading, items);
  return section;
}

async function verify() {
  const result = $('result');
  result.replaceChildren();
  result.setAttribute('aria-busy', 'true');
  const split = (text) => text.split(/[\s,]+/).filter(Boolean);
  const options = {
    witnesses: split($('witnesses').value),
    expectedKeys: $('key').value.trim() ? [$('key').value.trim()] : [],
  };
  try {
    const report = await verifyBundleText(await chosen.text(), options);
    const { headline, failure, proven, notProven } = describeReport(report);
    const verdict = document.createElement('p');
    verdict.id = 'verdict';
    verdict.className = `verdict ${report.verdict}`;
    verdict.textContent = headline;
    result.append(verdict);
    if (failure) {
      const first = document.createElement('p');
      first.id = 'failure';
      first.className = 'failure';
      first.textContent = `First failure: ${failure}`;
      result.append(first);
    }
    if (proven.length > 0) result.append(list('Proven', proven, 'proven'));
    if (notProven.length > 0) result.append(list('Not proven', notProven, 'not-proven'));
  } catch (error) {
    const broken = document.createElement('p');
    broken.className = 'verdict failed';
    broken.textContent = `The verifier could not run: ${error.message}`;
    result.append(broken);
  } finally {
    result.removeAttribute('aria-busy');
  }
}

$('file').addEventListener('change', (event) => choose(event.target.files[0] ?? null));
$('verify').addEventListener('click', () => void verify());
const drop = $('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  choose(event.dataTransfer.files[0] ?? null);
});
if (!(globalThis.crypto && crypto.subtle)) {
  $('chosen').textContent = 'This browser offers no WebCrypto here; open the page in a current Chromium, Firefox or Safari.';
}
