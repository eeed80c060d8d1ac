// The running round's progress (GET /experiments/{id}/progress), re-read every 2 s while the experiment runs.
(function () {
  const root = document.getElementById('experiment');
  const box = document.getElementById('progress');
  if (!root || !box) return;
  const id = root.dataset.id;
  const $ = (sel) => document.getElementById(sel);
  const PHASES = {
    pending: 'Waiting for the experiment to start.',
    waiting: 'Waiting for the round\u2019s first epoch (queued for a trainer, loading data, or waiting for labels).',
    training: 'Training.',
    selecting: 'The round is trained; picking the next samples to label.'
  };

  function duration(seconds) {
    if (seconds == null) return '\u2013';
    const s = Math.round(seconds);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
  }

  function render(p) {
    $('progress-round').textContent = p.round == null ? '\u2013' : p.round + (p.lastRound == null ? '' : ' of ' + p.lastRound);
    $('progress-epoch').textContent = p.epoch == null ? '\u2013' : p.epoch + ' of ' + p.epochs;
    $('progress-speed').textContent = p.imagesPerSecond == null ? '\u2013' : p.imagesPerSecond.toFixed(0);
    $('progress-round-left').textContent = duration(p.roundSecondsLeft);
    $('progress-left').textContent = duration(p.trainingSecondsLeft);
    $('progress-phase').textContent = (PHASES[p.phase] || '') + (p.trainedBy ? ' Trainer: ' + p.trainedBy + '.' : '');
    // What a test (or a script) can wait on: the round and epoch shown.
    box.dataset.at = (p.round == null ? '' : p.round) + ':' + (p.epoch == null ? '' : p.epoch);
    box.dataset.phase = p.phase;
    box.hidden = p.phase === 'ended';
  }

  async function poll() {
    try {
      const r = await fetch('/experiments/' + encodeURIComponent(id) + '/progress', { credentials: 'same-origin' });
      if (r.ok) {
        const p = await r.json();
        render(p);
        if (p.phase === 'ended') return;
      }
    } catch (e) {
      // The service may be restarting: try again at the next tick.
    }
    setTimeout(poll, 2000);
  }
  poll();
})();
