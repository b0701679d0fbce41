import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { checkProjectName, currentProject, listProjects } from '../../data/projects';
import { formatBytes } from '../common/ProgressBar';
import { storageUsage } from '../../data/storage-errors';
import { downloadBackup, restoreBackup, switchProject } from './project-actions';

/** The current project, switching and creating projects, backup and restore, and how much storage is used. */
export function ProjectBar() {
  const usage = useQuery({ queryKey: ['storage-usage'], queryFn: storageUsage, refetchInterval: 10_000 });
  const [naming, setNaming] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const act = async (action: () => Promise<string | void>) => {
    try {
      const text = await action();
      setMessage(text ? { text } : undefined);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };
  return (
    <div className="project-bar row" data-testid="project-bar">
      <label>
        Project
        <select value={currentProject()} onChange={(e) => switchProject(e.target.value)} data-testid="project-select">
          {listProjects().map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {naming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const name = new FormData(e.currentTarget).get('name') as string;
            void act(async () => switchProject(checkProjectName(name)));
          }}
        >
          <input
            name="name"
            autoFocus
            placeholder="new project name"
            data-testid="project-name"
            onKeyDown={(e) => e.key === 'Escape' && setNaming(false)}
          />
        </form>
      ) : (
        <button className="link" onClick={() => setNaming(true)} data-testid="project-new">
          New
        </button>
      )}
      <button className="link" onClick={() => void act(downloadBackup)} data-testid="project-backup">
        Back up
      </button>
      <label className="link">
        Restore
        <input
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="project-restore-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void act(() => restoreBackup(file));
          }}
        />
      </label>
      {usage.data && (
        <span
          className="muted"
          title="What this site stores in the browser, of what the browser allows it"
          data-testid="storage-usage"
        >
          {formatBytes(usage.data.usedBytes)} of {formatBytes(usage.data.quotaBytes)}
        </span>
      )}
      {message && (
        <span
          className={message.error ? 'error-text' : 'muted'}
          role={message.error ? 'alert' : 'status'}
          data-testid="project-message"
        >
          {message.text}
        </span>
      )}
    </div>
  );
}
