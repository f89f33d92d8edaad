// Lesson presets and the guided tour, for teaching.
import { useState } from 'react';
import { LESSONS } from '../../app/lessons';
import { applyLesson } from '../controller';
import { useApp } from '../store';
import { Help } from './Help';

export function LessonSection() {
  const [chosen, setChosen] = useState(LESSONS[0].id);
  const lesson = LESSONS.find((l) => l.id === chosen) ?? LESSONS[0];
  return (
    <section className="panel" aria-labelledby="lesson-heading">
      <div className="panel-head">
        <h2 id="lesson-heading">Lesson</h2>
        <Help topic="lesson" />
      </div>
      <div className="field">
        <label>
          Lesson preset{' '}
          <select data-testid="lesson" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            {LESSONS.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <button type="button" data-testid="load-lesson" onClick={() => applyLesson(chosen)}>
          Load lesson
        </button>
        <button type="button" data-testid="start-tour" onClick={() => useApp.setState({ tourStep: 0 })}>
          Guided tour
        </button>
      </div>
      <p className="hint">{lesson.idea}</p>
      <p className="hint">The tour: y → A†y → MAP estimate → re-noising → posterior sample.</p>
    </section>
  );
}
