import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useRestoreSession } from '../features/auth/api/refresh-session';
import { resetUploads } from '../features/upload/upload-queue';
import { createQueryClient } from '../lib/react-query';
import { getSession, subscribeToSession } from '../lib/session';

function SessionRestorer() {
  useRestoreSession();
  return null;
}

type AppProviderProps = {
  children: ReactNode;
};

export function AppProvider({ children }: AppProviderProps) {
  const [queryClient] = useState(createQueryClient);

  // Nothing of one user's data may outlive their session in this tab.
  useEffect(
    () =>
      subscribeToSession(() => {
        if (getSession().status !== 'signed-out') return;
        queryClient.clear();
        resetUploads();
      }),
    [queryClient],
  );

  return (
    <QueryClientProvider client={queryClient}>
      <SessionRestorer />
      {children}
    </QueryClientProvider>
  );
}
