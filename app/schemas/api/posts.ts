// Boards, posts, merges and the changelog in the API (issue 14; helper "api-posts").
import "./registry";
