import { Component, type ReactNode } from 'react';

/** Keeps one broken part (e.g. evidence in a malformed imported pair) from taking the whole app down. */
export class ErrorBoundary extends Component<{ what: string; children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <p
        className="error-text"
        role="alert"
      >{`${this.props.what} cannot be shown: ${this.state.error.message.split('\n')[0]}`}</p>
    );
  }
}
