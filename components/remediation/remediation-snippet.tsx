import type { Remediation } from '@/lib/domain/types';
import { CopyButton } from '../copy-button';

const KIND_LABEL: Record<Remediation['kind'], string> = {
  'iam-policy': 'IAM policy',
  'resource-policy': 'Resource policy',
  terraform: 'Terraform',
  'terraform-module': 'terraform-aws-step-functions',
  'aws-cli': 'AWS CLI',
  console: 'Console',
};

/** One remediation: what it is, the text to paste, and a copy button. */
export function RemediationSnippet({ remediation }: { remediation: Remediation }) {
  return (
    <figure className="snippet">
      <figcaption>
        <span className="snippet-kind">{KIND_LABEL[remediation.kind]}</span>
        <span className="snippet-title">{remediation.title}</span>
        <CopyButton text={remediation.text} label={`Copy: ${remediation.title}`} />
      </figcaption>
      <pre className={`lang-${remediation.language}`}>{remediation.text}</pre>
    </figure>
  );
}
