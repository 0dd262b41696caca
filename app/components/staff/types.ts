// Shared by the staff forms of a post (the sidebar, the feed's note form, the picker page).

/** Every staff form posts to the post's triage action. */
export const triagePath = (postId: number) => `/posts/${postId}/triage`;
