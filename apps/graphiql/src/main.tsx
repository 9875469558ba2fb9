// Monaco's workers must be known before the first editor is created; Vite bundles them as files
// of their own, served from Kura like every other asset.
import "@graphiql/react/setup-workers/vite";
import "graphiql/style.css";
import "./explorer.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Explorer } from "./explorer";

const root = document.getElementById("kura-graphiql");
if (!root) throw new Error("The page has no #kura-graphiql element to render into.");

createRoot(root).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
