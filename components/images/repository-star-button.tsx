"use client";

import { StarButton } from "@/components/images/star-button";
import { useRepository, useStarRepository } from "@/lib/client/use-repositories";

/** The star toggle of one of the tenant's repositories; nothing until the repository has loaded (or if it is gone). */
export function RepositoryStarButton({ tenant, name }: { tenant: string; name: string }) {
  const repository = useRepository(tenant, name);
  const star = useStarRepository(tenant, name);
  if (!repository.data) return null;
  return <StarButton fullName={repository.data.fullName} starred={repository.data.starred} starCount={repository.data.starCount} mutation={star} />;
}
