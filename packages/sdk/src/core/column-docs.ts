import type { NOTE_COLUMNS, USER_COLUMNS } from './columns.js';

// What each record column means: for help texts and docs, kept out of the client bundle.
export const USER_COLUMN_DESCRIPTIONS: Readonly<Record<(typeof USER_COLUMNS)[number], string>> = {
  id: 'Internal user id (24 hex), accepted as userId by other endpoints',
  name: 'Display name',
  red_id: 'The displayed 小红书号',
  description: 'Profile line shown in search',
  avatar_url: 'Avatar image URL',
  profile_url: 'Web profile URL',
  verified: 'Officially verified (true/false)',
  verify_type: 'Verification type, 0 when not verified',
  subtitle: 'Subtitle as shown, e.g. "粉丝 381.2万"',
  followers: 'Followers as a number when the subtitle (or fans) states it, else null',
};

export const NOTE_COLUMN_DESCRIPTIONS: Readonly<Record<(typeof NOTE_COLUMNS)[number], string>> = {
  id: 'Note id',
  title: 'Title (display title when present)',
  type: '"normal" (images) or "video"',
  likes: 'Like count',
  author_id: 'Author user id',
  author_name: 'Author nickname',
  author_avatar_url: 'Author avatar URL',
  cover_url: 'First image URL',
  image_count: 'Number of images',
  category: 'Recommendation category, e.g. 美食',
  published_at: 'Publish time, ISO 8601 UTC',
  note_url: 'Web URL of the note',
  is_ad: 'Advertisement (true/false)',
};
