import { uploadSelection } from "./upload-fields";

/** Request headers the page opens with: a JSON object, comments allowed, sent on every request. */
export const EXAMPLE_HEADERS = `{
  // Sent with every request from this page, uploads included. For example:
  // "authorization": "Bearer <token>"
}`;

const LIST_UPLOADS = `# Uploads, newest first.
# Next page: pass pageInfo.endCursor as $after.
# To store a ZIP, open "Upload a ZIP" on the left.
query ListUploads($first: Int = 10, $after: String) {
  uploads(first: $first, after: $after) {
    totalCount
    edges {
      node {
${uploadSelection(4)}
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

const ONE_UPLOAD = `# One upload by id, or null when there is none, with its first entries in path order.
# Copy an id from the list into the variables below.
# More entries: entries(first: 20, after: pageInfo.endCursor); pathPrefix: "src/" narrows them.
query OneUpload($id: ID!) {
  upload(id: $id) {
${uploadSelection(2)}
    entries(first: 20) {
      edges {
        node {
          path
          size
          isDirectory
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
`;

/** The tabs a first visit opens with; later visits get back the tabs kept in the browser. */
export const EXAMPLE_TABS = [
  { query: LIST_UPLOADS, variables: "{}", headers: EXAMPLE_HEADERS },
  { query: ONE_UPLOAD, variables: '{\n  "id": ""\n}', headers: EXAMPLE_HEADERS },
];
