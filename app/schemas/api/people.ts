// Comments, votes and users in the API (issue 14; helper "api-people").
import "./registry";
