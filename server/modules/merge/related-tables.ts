// What hangs off a contact, for merging: each row moves from a merged contact to the survivor, unless
// the survivor already has its twin (the same follower, group, deal) or the move would relate the
// survivor to itself. A new table that points at contacts is one more line here.

export interface RelatedTable {
  table: string;
  /** The column naming the contact. */
  column: string;
  /** Columns that, with the contact column, identify a row. */
  key: string[];
  /** Columns that, with the contact column, must stay unique: a row whose twin the survivor has is dropped. */
  unique?: string[];
  /** A second contact column: a row pointing at the survivor there would relate it to itself, and is dropped. */
  other?: string;
  /** The table keeps one primary row per contact in this column. */
  primary?: string;
}

export const relatedTables: RelatedTable[] = [
  { table: 'contact_emails', column: 'contact_id', key: ['id'], primary: 'is_primary' },
  { table: 'contact_phones', column: 'contact_id', key: ['id'], primary: 'is_primary' },
  { table: 'contact_locations', column: 'contact_id', key: ['id'], primary: 'is_primary' },
  { table: 'contact_followers', column: 'contact_id', key: ['user_id'], unique: ['user_id'] },
  { table: 'notes', column: 'contact_id', key: ['id'] },
  { table: 'tasks', column: 'contact_id', key: ['id'] },
  { table: 'appointments', column: 'contact_id', key: ['id'] },
  { table: 'messages', column: 'contact_id', key: ['id'] },
  { table: 'notifications', column: 'contact_id', key: ['id'] },
  { table: 'opportunities', column: 'contact_id', key: ['id'] },
  { table: 'opportunity_contacts', column: 'contact_id', key: ['opportunity_id'], unique: ['opportunity_id'] },
  { table: 'contact_links', column: 'person_id', key: ['id'], unique: ['business_id'] },
  { table: 'contact_links', column: 'business_id', key: ['id'], unique: ['person_id'] },
  {
    table: 'contact_relations',
    column: 'from_contact_id',
    key: ['id'],
    unique: ['type_id', 'to_contact_id'],
    other: 'to_contact_id',
  },
  {
    table: 'contact_relations',
    column: 'to_contact_id',
    key: ['id'],
    unique: ['type_id', 'from_contact_id'],
    other: 'from_contact_id',
  },
  { table: 'contact_group_members', column: 'contact_id', key: ['group_id'], unique: ['group_id'] },
  { table: 'target_market_members', column: 'contact_id', key: ['market_id'], unique: ['market_id'] },
  // The inbox row: one per contact. When both have one, the survivor's absorbs the other (see merge.service).
  { table: 'conversations', column: 'contact_id', key: [], unique: [] },
];

/** Primary-key columns of tables whose rows a merge may rewrite in place (besides workspace_id). */
export const replaceableKeys: Record<string, string[]> = { conversations: ['contact_id'] };
