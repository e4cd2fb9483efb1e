-- One server, two databases: the case ledger and Temporal's persistence (owned by separate roles).
CREATE ROLE lien_thong LOGIN PASSWORD 'lien_thong';
CREATE DATABASE lien_thong OWNER lien_thong;
CREATE ROLE temporal LOGIN PASSWORD 'temporal' CREATEDB;
